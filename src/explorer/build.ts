/**
 * Build the explorer: bundle engine.ts (config validation and the theory solver, run in a Web
 * Worker) and app.ts (the page logic) for the browser with esbuild, inline them and plotly.js, and
 * write one self-contained `index.html`.
 *
 * `platform: 'browser'` makes esbuild refuse Node builtins (node:fs, worker_threads…), so a core
 * module that starts to depend on one breaks the build loudly instead of shipping a broken page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic.ts';
import { explorerPage } from './page.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The esbuild bundle of `entry` (a file of this folder) as one IIFE (minified). */
export async function bundleExplorerScript(entry: 'app.ts' | 'engine.ts'): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    throw new Error(`the explorer is bundled with esbuild, which is not installed (npm install esbuild): ${(e as Error).message}`);
  }
  const result = await esbuild.build({
    entryPoints: [join(here, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0].text;
}

/** plotly.min.js from the installed plotly.js-dist-min package. */
export function plotlyScript(): string {
  return readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '';
  } catch {
    return '';
  }
}

/** The complete self-contained explorer page as a string. */
export async function buildExplorerHtml(): Promise<string> {
  const [appJs, engineJs] = await Promise.all([bundleExplorerScript('app.ts'), bundleExplorerScript('engine.ts')]);
  return explorerPage({ plotlyJs: plotlyScript(), appJs, engineJs, version: packageVersion() });
}

/** Write `<dir>/index.html` atomically; returns its path. */
export async function writeExplorer(dir: string): Promise<string> {
  const html = await buildExplorerHtml();
  const path = join(dir, 'index.html');
  writeFileAtomic(path, html);
  return path;
}
