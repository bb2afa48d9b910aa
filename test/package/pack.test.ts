/**
 * The npm package as a user gets it (issue 13): `npm run build` and `npm pack` in a copy of this
 * checkout (so the repository's own dist/, which bin/pepita-ode.js and other tests may be running,
 * is never removed under them), install the tarball with npm into an empty temporary folder, and there
 *   - a plain .mjs (Node, no TypeScript loader) imports the library, solves a BP problem and
 *     simulates it on two worker threads — the same numbers, bit for bit, as the sources here;
 *   - a .ts consumer type-checks against the installed declarations with this project's tsc
 *     (and a misuse fails to, so the declarations are real types);
 *   - the same .mjs runs under Deno (npm package from node_modules), to V8-rounding agreement;
 *   - the installed `pepita-ode` runs `--version`, `theory` (its εg equals the library's) and
 *     `explore` (the page is bundled at run time from the compiled modules).
 * The tarball's file list and size are printed (bench/RESULTS.md "Package" records them).
 * Needs npm and the registry (or npm's cache) for the package's dependencies.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, solveTheoryOf, simulateOf } from '../../src/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSUMER = fileURLToPath(new URL('./consumer/', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** Small enough to take a second, large enough to leave the initial plateau. */
const BP = { rule: 'bp', K: 2, M: 2, D: 100, eta: 0.5, tmax: 20, points: 11, spacing: 'linear', sim: { seeds: 2, threads: 2 } };

/** The environment of a user's shell: no loader, no npm settings inherited from `npm test`. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(npm_|NODE_OPTIONS$|VITEST|TSX_)/i.test(k)) env[k] = v;
  }
  return env;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

let work = '';
let pack: PackInfo;
/** what solve.mjs printed under Node */
let nodeOut: { times: number[]; eg: number[]; simEg: number[][] };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pepita-pack-'));
  // the checkout as it is (tracked or not), without what is built, installed or produced here
  const project = join(work, 'project');
  const skip = /^(node_modules|dist|\.git|results|\.tmp|\.scratch[^/\\]*)$|\.tgz$/;
  cpSync(ROOT, project, { recursive: true, filter: (src) => !skip.test(relative(ROOT, src).split(sep)[0]) });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  ok(run('npm', ['run', 'build'], project), 'npm run build'); // fails on any type error
  // --ignore-scripts: the build just ran (a prepare run would print into the JSON on stdout)
  const packed = ok(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], project), 'npm pack');
  pack = (JSON.parse(packed) as PackInfo[])[0];
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  ok(
    run('npm', ['install', join(work, pack.filename), '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'], app),
    'npm install <tarball>',
  );
  for (const f of ['solve.mjs', 'typed.ts', 'misuse.ts']) copyFileSync(join(CONSUMER, f), join(app, f));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const app = () => join(work, 'app');

describe('npm package (pack → install → use)', () => {
  it('the tarball holds the compiled package, its bin, README, docs and nothing of the sources, tests or benches', () => {
    const paths = pack.files.map((f) => f.path).sort();
    console.log(`${pack.filename}: ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${paths.length} files\n${paths.join('\n')}`);
    for (const p of paths) expect(p).toMatch(/^(dist\/(src|theory|sim)\/.*\.(js|d\.ts)|bin\/pepita-ode\.js|docs\/(api\/)?[\w.-]+\.md|README\.md|LICENSE|package\.json)$/);
    for (const need of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/sim/worker.js', 'dist/theory/odex.js', 'bin/pepita-ode.js', 'README.md']) {
      expect(paths).toContain(need);
    }
  });

  it("the declarations import only node: modules and the package's dependencies (which ship their types)", () => {
    const installed = join(app(), 'node_modules/pepita-ode');
    const deps = Object.keys((JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const bare = new Set<string>();
    for (const f of pack.files.filter((x) => x.path.endsWith('.d.ts'))) {
      const text = readFileSync(join(installed, f.path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const m of text.matchAll(/(?:from\s+|import\()['"]([^'"]+)['"]/g)) if (!m[1].startsWith('.')) bare.add(m[1]);
    }
    for (const spec of bare) {
      if (spec.startsWith('node:')) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      expect(deps, `${spec} is imported by a .d.ts`).toContain(name);
      const depPkg = JSON.parse(readFileSync(join(app(), 'node_modules', name, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(JSON.stringify(depPkg), `${name} ships no types`).toMatch(/"types"|"typings"|\.d\.ts/);
    }
  });

  it('installs without a TypeScript loader', () => {
    expect(existsSync(join(app(), 'node_modules/pepita-ode/dist/src/index.js'))).toBe(true);
    expect(existsSync(join(app(), 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(app(), 'node_modules/typescript'))).toBe(false);
  });

  it('a plain .mjs imports the library, solves BP and simulates on worker threads: the numbers of the sources', async () => {
    const out = (nodeOut = JSON.parse(ok(run(process.execPath, ['solve.mjs', JSON.stringify(BP)], app()), 'node solve.mjs')));
    const config = parseConfig(BP);
    const theory = solveTheoryOf(config);
    const sim = await simulateOf(config, { threads: 1 });
    // the same code compiled by tsc instead of tsx: identical floating-point operations
    expect(out.times).toEqual(Array.from(theory.times));
    expect(out.eg).toEqual(Array.from(theory.eg));
    // two worker threads in the package vs one here: a run depends on its seed only
    expect(out.simEg).toEqual(sim.runs.map((r) => Array.from(r.eg)));
    // and it is a real solve: by t = 20 BP has learnt (εg 0.28 → 0.21 on this setting)
    expect(out.eg[out.eg.length - 1]).toBeLessThan(0.85 * out.eg[0]);
  });

  it('the same .mjs runs under Deno and agrees with Node to rounding', () => {
    expect(nodeOut).toBeDefined();
    // Deno from the `deno` devDependency (its binary ships in @deno/<platform>)
    const deno = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("deno/install_api.cjs").runInstall())'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const out = JSON.parse(ok(run(deno, ['run', '--allow-read', '--allow-env', '--allow-sys', 'solve.mjs', JSON.stringify(BP)], app()), 'deno run solve.mjs')) as typeof nodeOut;
    // Deno's V8 rounds some Math functions (exp in erf-based integrals) differently in the last
    // bit, so not bit-identical; accumulated over ~100 steps that stays ~1e-15 relative. 1e-12
    // leaves margin yet catches any real difference (another tolerance or default changes εg ≥ 1e-9).
    const close = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]) <= 1e-12 * Math.abs(b[i]));
    expect(out.times).toEqual(nodeOut.times);
    expect(close(out.eg, nodeOut.eg), `${out.eg} vs ${nodeOut.eg}`).toBe(true);
    expect(out.simEg.length).toBe(nodeOut.simEg.length);
    out.simEg.forEach((r, i) => expect(close(r, nodeOut.simEg[i]), `run ${i}`).toBe(true));
  });

  it('a .ts consumer type-checks against the installed declarations; a misuse does not', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const compilerOptions = {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
      // skipLibCheck as most projects set it (checking zod's and node's declarations too takes
      // ~30 s); that the package's own declarations import only what a user has is checked below
      skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
    };
    writeFileSync(join(app(), 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['typed.ts'] }));
    writeFileSync(join(app(), 'tsconfig.misuse.json'), JSON.stringify({ compilerOptions, files: ['misuse.ts'] }));
    ok(run(process.execPath, [tsc, '-p', 'tsconfig.json'], app()), 'tsc typed.ts');
    const bad = run(process.execPath, [tsc, '-p', 'tsconfig.misuse.json'], app());
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/misuse\.ts\(\d+,\d+\): error TS2345/);
  });

  it('pepita-ode bench: the compiled CLI of a clone runs the benches from its sources; the installed package says where they run', () => {
    // the built copy of the checkout is a clone: bin → dist/ re-runs `bench` from src/ under tsx,
    // so an unknown bench name is refused by the bench command with the benches' own list
    const inClone = run(process.execPath, [join(work, 'project', 'bin', 'pepita-ode.js'), 'bench', '--only', 'nope'], join(work, 'project'));
    expect(inClone.status, inClone.stderr).toBe(2);
    expect(inClone.stderr).toMatch(/--only: unknown bench "nope"; allowed: sim, theory/);
    const installed = run(join(app(), 'node_modules/.bin/pepita-ode'), ['bench', '--only', 'sim'], app());
    expect(installed.status).toBe(2);
    expect(installed.stderr).toMatch(/the benchmarks run from a clone of the repository \(npm run bench\)/);
  });

  it('the installed pepita-ode prints its version and solves a theory config', () => {
    const bin = join(app(), 'node_modules/.bin/pepita-ode');
    expect(ok(run(bin, ['--version'], app()), '--version').trim()).toBe(PKG.version);
    writeFileSync(join(app(), 'bp.json'), JSON.stringify(BP));
    const json = JSON.parse(ok(run(bin, ['theory', '--config', 'bp.json', '--out', 'out', '--json'], app()), 'theory')) as { files: string[] };
    expect(json.files.map((f) => f.replace(/\\/g, '/'))).toEqual(expect.arrayContaining([expect.stringMatching(/out\/theory\.csv$/)]));
    const csv = readFileSync(join(app(), 'out/theory.csv'), 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    const egColumn = header.indexOf('eg');
    expect(egColumn).toBeGreaterThanOrEqual(0);
    const eg = csv.slice(1).map((l) => Number(l.split(',')[egColumn]));
    expect(eg).toEqual(Array.from(solveTheoryOf(parseConfig(BP)).eg));
  });

  it('the installed pepita-ode runs a sweep on two theory worker threads (compiled worker, no loader)', () => {
    const bin = join(app(), 'node_modules/.bin/pepita-ode');
    const spec = { base: { ...BP, sim: undefined }, grid: { eta: [0.3, 0.5] }, run: ['theory'] };
    writeFileSync(join(app(), 'sweep.json'), JSON.stringify(spec));
    const out = JSON.parse(ok(run(bin, ['sweep', '--spec', 'sweep.json', '--out', 'sw', '--threads', '2', '--json', '--no-png'], app()), 'sweep')) as {
      computed: string[];
      failed: unknown[];
    };
    expect(out.failed).toEqual([]);
    expect(out.computed.length).toBe(2);
    expect(readFileSync(join(app(), 'sw/sweep.csv'), 'utf8').trim().split('\n').length).toBe(3);
  });

  it('the installed pepita-ode writes the explorer page (bundled from the compiled modules)', () => {
    const bin = join(app(), 'node_modules/.bin/pepita-ode');
    const json = JSON.parse(ok(run(bin, ['explore', '--out', 'ex', '--json'], app()), 'explore')) as { path: string };
    const html = readFileSync(json.path, 'utf8');
    expect(html.length).toBeGreaterThan(1e6); // plotly inlined
    expect(html).toMatch(/<script[\s\S]*<\/script>/);
  });
});
