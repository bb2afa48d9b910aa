#!/usr/bin/env node
// `npm run build` (also run by `prepare`: after `npm install`/`npm ci` in a clone, and before `npm pack`):
// the compiled package in dist/ — ESM JavaScript and .d.ts of src/, theory/ and sim/, laid out
// like the sources (dist/src, dist/theory, dist/sim) so relative imports between them still hold.
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const require = createRequire(import.meta.url);

// From scratch: a file removed from the sources must not linger in the package.
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', `${root}tsconfig.build.json`], { stdio: 'inherit', cwd: root });
// tsc emits JavaScript even when it reports type errors. `npm run build`, `npm pack` and
// `npm publish` fail on them. The `prepare` run after `npm install`/`npm ci` in a clone only warns:
// an install is not the place to gate on types (the pack test and `npm run typecheck` are), and a
// failed install would keep every test from running.
const lenient = process.env.npm_lifecycle_event === 'prepare' && ['install', 'ci'].includes(process.env.npm_command ?? '');
if (tsc.status !== 0) {
  if (!lenient) {
    process.stderr.write(`build: tsc reported errors (exit ${tsc.status ?? tsc.signal}); dist/ is not a release build\n`);
    process.exit(1);
  }
  process.stderr.write(`build: WARNING: type errors above; dist/ was emitted anyway (npm run build fails on them)\n`);
}

// theory/odex.js re-exports the odex solver with a hand-written odex.d.ts beside it (see there);
// tsc compiles TypeScript only, so both are copied as they are.
for (const f of ['odex.js', 'odex.d.ts']) copyFileSync(`${root}theory/${f}`, `${dist}/theory/${f}`);

// The benchmarks are reached from the `bench` command's dynamic import; they are not part of the
// package (they need the repository: a C compiler, Chromium, bench/RESULTS.md).
rmSync(`${dist}/bench`, { recursive: true, force: true });
