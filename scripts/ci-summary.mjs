// Sums the per-package Vitest JSON reports written under CI_REPORT_DIR and
// prints the one closing line CI reads: "N passed, N failed".
// Exits non-zero when any test failed, a suite failed to load, or the test
// command itself failed (a build or typecheck error counts as a failure).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, commandStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenSuites = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to import counts as a failed suite with no tests in it.
  const suiteFailures = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  brokenSuites += suiteFailures;
  console.log(`${file.replace(/\.json$/, '')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed${suiteFailures ? `, ${suiteFailures} suite(s) failed to load` : ''}`);
}
if (commandStatus !== '0' && failed + brokenSuites === 0) failed += 1; // the command failed outside any test
failed += brokenSuites;
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || commandStatus !== '0' ? 1 : 0);
