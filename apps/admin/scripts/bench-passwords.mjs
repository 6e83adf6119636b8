// What one sign-in costs in scrypt time (run after `pnpm build`): `pnpm bench`.
// Prints it and writes it to docs/benchmarks.md (section admin-sign-in).
import { writeBenchSection } from '@alice-face/bench-report';
import { hashPassword, verifyPassword } from '../dist-server/store/passwords.js';

const password = 'correct horse battery staple';
const hash = await hashPassword(password);
const runs = 10;
const start = performance.now();
for (let i = 0; i < runs; i++) await verifyPassword(password, hash);
const line = `scrypt verify: ${((performance.now() - start) / runs).toFixed(1)} ms per sign-in (N=2^15, r=8, p=1, ${runs} runs)`;
console.log(line);
writeBenchSection({
  name: 'admin-sign-in',
  title: 'Admin: reviewer sign-in',
  command: 'pnpm --filter @alice-face/admin bench',
  markdown: `The reviewer's password check (scrypt), the CPU cost of one sign-in: ${line.slice('scrypt verify: '.length)}.`,
});
