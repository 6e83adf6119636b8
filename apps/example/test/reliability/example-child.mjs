// The example app as its own process for the load test (built dist/):
// node example-child.mjs '<options JSON>'. Prints "Example app at URL";
// SIGTERM closes it.
import { startExampleApp } from '../../dist/index.js';

const app = await startExampleApp(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`Example app at ${app.url}\n`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0), () => process.exit(1));
});
