// The example app as its own process for the load test (built dist/):
// node example-child.mjs '<options JSON>'. With "reuseAuthentications": true
// its replay store accepts an authentication id again (load test only: it
// turns replay protection off so a few real authentications can drive
// thousands of logins). Prints "Example app at URL"; SIGTERM closes it.
import { startExampleApp } from '../../dist/index.js';

const { reuseAuthentications, ...options } = JSON.parse(process.argv[2] ?? '{}');
const replayStore = reuseAuthentications ? { claim: async () => true } : undefined;
const app = await startExampleApp({ ...options, ...(replayStore ? { replayStore } : {}) });
process.stdout.write(`Example app at ${app.url}\n`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0), () => process.exit(1));
});
