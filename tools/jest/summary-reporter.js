// A jest reporter that records each project's totals, so tools/test can print one closing
// line for the whole suite ("tests: N passed, N failed") after nx has run every project.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.projectName = path.basename(globalConfig.rootDir);
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.BERTH_TEST_SUMMARY_DIR;
    if (!dir) return;
    const record = {
      project: this.projectName,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${process.pid}-${Date.now()}.json`), JSON.stringify(record));
  }
}

module.exports = SummaryReporter;
