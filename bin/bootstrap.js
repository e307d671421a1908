#!/usr/bin/env node
// Makes `npm start` and `npm test` work on a fresh clone: installs the locked dependencies when
// node_modules is missing or older than package-lock.json. Plain JavaScript: it runs before any build.
const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  process.stderr.write('Installing the locked dependencies…\n');
  // `npm ci`: exactly the locked tree, and a loud failure if package.json and the lock disagree.
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
