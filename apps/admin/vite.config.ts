import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The SPA is served by the admin's own Express server from dist/; in dev, API
// calls are proxied to it so cookies stay same-origin.
export default defineConfig({
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': process.env.ADMIN_DEV_API ?? 'http://127.0.0.1:3100' } },
});
