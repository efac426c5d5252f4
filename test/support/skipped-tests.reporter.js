// Lists the skipped tests by name after jest's summary. The summary only
// counts them ("1 skipped"), and anything printed while a file runs has
// scrolled away by the end of `npm test`; a test that skips where something
// is missing (Chromium) says what in its name.
'use strict';

const { relative } = require('node:path');

class SkippedTestsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    // A run narrowed to some tests by name skips all the others: no news.
    if (this.globalConfig.testNamePattern) return;
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === 'pending')
        .map((test) => `  ○ ${relative(this.globalConfig.rootDir, file.testFilePath)} › ${test.fullName}`),
    );
    if (skipped.length > 0) process.stderr.write(`Skipped:\n${skipped.join('\n')}\n`);
  }
}

module.exports = SkippedTestsReporter;
