// Reads vitest JSON reports; fails when a test project ran zero tests (a root `vitest run` can
// silently skip a Kit app: STACK.md pitfall 4). Ends with the line "N passed, N failed".
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const projects = {
  'quiz-engine': 'packages/quiz-engine/',
  content: 'packages/content/',
  seeds: 'seeds/',
  api: 'apps/api/',
  web: 'apps/web/src/',
  e2e: 'apps/web/e2e/',
};

let passed = 0;
let failed = 0;
let problems = 0;
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const counts = Object.fromEntries(Object.keys(projects).map((p) => [p, 0]));
  for (const suite of report.testResults) {
    const path = relative(process.cwd(), suite.name);
    const project = Object.keys(projects).find((p) => path.startsWith(projects[p]));
    const ran = suite.assertionResults.filter((a) => a.status === 'passed' || a.status === 'failed').length;
    if (project) counts[project] += ran;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // a test file that failed to load counts no failed test, but it is a failure
  if (report.numFailedTestSuites > 0 || report.success === false) {
    console.log(`  ${file}: ${report.numFailedTestSuites} test file(s) failed`);
    problems++;
  }
  console.log(
    `${file}: ${Object.entries(counts)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')}; skipped ${report.numPendingTests + report.numTodoTests}`,
  );
  for (const [p, n] of Object.entries(counts)) {
    if (n === 0) {
      console.log(`  project ${p} ran no tests`);
      problems++;
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems > 0 ? 1 : 0);
