#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Builds the web app into dist/web unless it is already built from the same inputs (decision 035): `npm start` runs
// this before serving, so a start with nothing changed skips the build. The inputs are everything that can change
// the bundle — web/, src/contracts/ and src/core/ (which the contracts import), vite.config.ts, tsconfig.json and
// package-lock.json (the libraries); their hash, with a hash of the built index.html, is kept in dist/web.build.json
// (beside dist/web, so the server never serves it). A missing dist/web, another hash, or an index.html that
// `vite build` replaced since, means a build. `--force` builds whatever the stamp says. Prints one line either way.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist/web');
const stampFile = path.join(root, 'dist/web.build.json');
const force = process.argv.includes('--force');

const inputDirs = ['web', 'src/contracts', 'src/core'];
const inputFiles = ['vite.config.ts', 'tsconfig.json', 'package-lock.json'];
// Tests never reach the bundle: editing one does not call for a build.
const isTest = (name) => /\.test\.tsx?$/.test(name);

function listFiles(dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !isTest(entry.name)) found.push(path.relative(root, full));
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return found;
}

function inputsHash() {
  const files = [
    ...inputDirs.flatMap(listFiles),
    ...inputFiles.filter((f) => fs.existsSync(path.join(root, f))),
  ];
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return { hash: hash.digest('hex'), files: files.length };
}

const fileHash = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

const t0 = performance.now();
const inputs = inputsHash();
const indexHtml = path.join(distDir, 'index.html');
const stamp = readStamp();
const upToDate =
  !force &&
  stamp?.inputs === inputs.hash &&
  fs.existsSync(indexHtml) &&
  stamp.indexHtml === fileHash(indexHtml);

if (upToDate) {
  const ms = Math.round(performance.now() - t0);
  process.stdout.write(
    `Web app: up to date (built ${stamp.builtAt} from the same ${inputs.files} files; checked in ${ms} ms)\n`,
  );
  process.exit(0);
}

const reason = force
  ? 'asked to'
  : !fs.existsSync(indexHtml)
    ? 'dist/web is missing'
    : !stamp
      ? 'no record of the last build'
      : stamp.inputs !== inputs.hash
        ? 'its sources changed'
        : 'dist/web was rebuilt by hand';
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  process.stderr.write(`Web app: the build failed (exit ${result.status ?? result.signal})\n`);
  process.exit(result.status ?? 1);
}
fs.writeFileSync(
  stampFile,
  `${JSON.stringify({ inputs: inputs.hash, indexHtml: fileHash(indexHtml), builtAt: new Date().toISOString() }, null, 2)}\n`,
);
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
process.stdout.write(`Web app: built into dist/web in ${seconds} s (${reason})\n`);
