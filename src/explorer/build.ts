/**
 * Build the explorer: bundle engine.ts (config validation and the theory solver, run in a Web
 * Worker) and app.ts (the page logic) for the browser with esbuild, inline them and plotly.js, and
 * write one self-contained `index.html`.
 *
 * `platform: 'browser'` makes esbuild refuse Node builtins (node:fs, worker_threads…), so a core
 * module that starts to depend on one breaks the build loudly instead of shipping a broken page.
 * One exception, named: the CLI's worker-thread pool (sim/pool.ts), which the application bridge
 * (src/app/fromConfig.ts → sim/run.ts) loads lazily for multi-threaded `simulate`. The page never
 * calls it (it runs single simulation runs in its own Web Workers, see simulation.ts), so the
 * browser bundle gets a stub in its place that throws if it were ever reached. A second one: the
 * theory's solve team (theory/threads/team.ts, worker threads sharing the cubature averages), stubbed
 * by one that starts no team, so the page's solves run on one thread.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic.ts';
import { runVersions } from '../io/runRecord.ts';
import { explorerPage } from './page.ts';
import type { Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Replace the Node worker-thread pool of sim/ by a module that throws when called, and the theory's solve team (theory/threads/team.ts) by one that starts none. */
const nodePoolStub: Plugin = {
  name: 'node-pool-stub',
  setup(build) {
    // sim/pool.ts from source, sim/pool.js when compiled (dist/sim)
    build.onResolve({ filter: /(^|[\\/])pool\.[jt]s$/ }, (args) =>
      /[\\/]sim$/.test(args.resolveDir) ? { path: 'sim/pool', namespace: 'node-pool-stub' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'node-pool-stub' }, () => ({
      contents: 'export function runPool() { throw new Error("the worker-thread pool of sim/ needs Node; the explorer runs its own Web Workers"); }',
      loader: 'js',
    }));
    // theory/threads/team.ts from source or compiled: the page solves on one thread
    build.onResolve({ filter: /(^|[\\/])team\.[jt]s$/ }, (args) =>
      /[\\/]threads$/.test(args.resolveDir) || /threads[\\/]team\.[jt]s$/.test(args.path) ? { path: 'theory/threads/team', namespace: 'node-team-stub' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'node-team-stub' }, () => ({
      contents: 'export function autoThreads() { return 1; } export function startSolveTeam() { return null; }',
      loader: 'js',
    }));
  },
};

/** The esbuild bundle of `entry` (a module of this folder: .ts from source, .js when compiled) as one IIFE (minified). */
export async function bundleExplorerScript(entry: 'app' | 'engine'): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    throw new Error(`the explorer is bundled with esbuild, which is not installed (npm install esbuild): ${(e as Error).message}`);
  }
  const result = await esbuild.build({
    entryPoints: [[`${entry}.ts`, `${entry}.js`].map((f) => join(here, f)).find((f) => existsSync(f)) ?? join(here, `${entry}.ts`)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [nodePoolStub],
  });
  return result.outputFiles[0].text;
}

/** plotly.min.js from the installed plotly.js-dist-min package. */
export function plotlyScript(): string {
  return readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
}

/**
 * The complete self-contained explorer page as a string (plotly and the engines inlined).
 * @example
 * ```ts
 * writeFileSync('explorer.html', await buildExplorerHtml());
 * ```
 */
export async function buildExplorerHtml(): Promise<string> {
  const [appJs, engineJs] = await Promise.all([bundleExplorerScript('app'), bundleExplorerScript('engine')]);
  return explorerPage({ plotlyJs: plotlyScript(), appJs, engineJs, version: runVersions()['pepita-ode'] });
}

/**
 * Write `<dir>/index.html` atomically; returns its path.
 * @example
 * ```ts
 * const page = await writeExplorer('results/explorer');   // open it in a browser, no server needed
 * ```
 */
export async function writeExplorer(dir: string): Promise<string> {
  const html = await buildExplorerHtml();
  const path = join(dir, 'index.html');
  writeFileAtomic(path, html);
  return path;
}
