/** `npm run histories:record`: the history recorder, on the same real stack as the tests. */
const base = require('./jest.config');
module.exports = { ...base, testMatch: ['**/*.recorder.ts'], testTimeout: 120_000 };
