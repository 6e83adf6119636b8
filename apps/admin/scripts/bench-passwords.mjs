// What one sign-in costs in scrypt time (run after `pnpm build`): `pnpm bench`.
import { hashPassword, verifyPassword } from '../dist-server/store/passwords.js';

const password = 'correct horse battery staple';
const hash = await hashPassword(password);
const runs = 10;
const start = performance.now();
for (let i = 0; i < runs; i++) await verifyPassword(password, hash);
console.log(`scrypt verify: ${((performance.now() - start) / runs).toFixed(1)} ms per sign-in (N=2^15, r=8, p=1, ${runs} runs)`);
