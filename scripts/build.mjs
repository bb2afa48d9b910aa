#!/usr/bin/env node
// `npm run build` (also run by `prepare` on install in a clone and by `prepack` before `npm pack`):
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
if (tsc.status !== 0) {
  process.stderr.write(`build: tsc failed (exit ${tsc.status ?? tsc.signal}); dist/ is incomplete\n`);
  process.exit(1);
}

// theory/odex.js re-exports the odex solver with a hand-written odex.d.ts beside it (see there);
// tsc compiles TypeScript only, so both are copied as they are.
for (const f of ['odex.js', 'odex.d.ts']) copyFileSync(`${root}theory/${f}`, `${dist}/theory/${f}`);

// The benchmarks are reached from the `bench` command's dynamic import; they are not part of the
// package (they need the repository: a C compiler, Chromium, bench/RESULTS.md).
rmSync(`${dist}/bench`, { recursive: true, force: true });
