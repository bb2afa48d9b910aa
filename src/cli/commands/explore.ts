/**
 * `pepita-ode explore --out DIR [--serve [--port N]]`: write DIR/index.html, the self-contained
 * browser explorer (theory and finite-D simulation of every rule, computed in the page's Web
 * Workers; engine bundled with esbuild, plotly inlined, no network).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../core/errors.ts';
import { checkOutDir, printJson } from '../common.ts';

interface ExploreOptions {
  out?: string;
  serve?: boolean;
  port: string;
  json?: boolean;
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError('--port', `must be an integer in 0..65535 (got "${text}")`);
  return n;
}

export function register(program: Command): void {
  program
    .command('explore')
    .description('write a self-contained browser explorer of the theory (DIR/index.html; works offline, opened from disk)')
    .option('--out <dir>', 'output folder', 'explorer')
    .option('--serve', 'also serve the page on http://127.0.0.1 (Ctrl-C stops)')
    .option('--port <n>', 'port for --serve (0 picks a free one)', '8765')
    .option('--json', 'print {"path", "url"} as JSON')
    .addHelpText('after', `
The page computes everything itself, with the CLI's code and defaults: tick rules to overlay
their ODE curves, press Simulate for the finite-D runs (seed mean ± sd markers; Cancel stops
them). The address bar holds the whole view (#rules=afa,bp&eta=0.05&…): copy it to share.
Downloads: each rule's config JSON (pepita-ode theory/simulate --config FILE reproduce it), a
CSV of the curves drawn, a PNG of the εg panel.

Examples:
  $ pepita-ode explore --out explorer          # then open explorer/index.html in a browser
  $ pepita-ode explore --out /tmp/ex --serve --port 8080
`)
    .action(async (opts: ExploreOptions) => {
      const dir = checkOutDir(opts.out, 'explorer');
      const port = opts.serve ? parsePort(opts.port) : 0;
      // the page builder (esbuild, plotly, the engines) is loaded only when the command runs, not for --help
      const [{ buildExplorerHtml }, { serveExplorer }, { writeFileAtomic }] = await Promise.all([
        import('../../explorer/build.ts'), import('../../explorer/serve.ts'), import('../../io/atomic.ts'),
      ]);
      const html = await buildExplorerHtml();
      const path = resolve(dir, 'index.html');
      writeFileAtomic(path, html);
      if (!opts.serve) {
        if (opts.json) printJson({ path, url: pathToFileURL(path).href });
        else process.stdout.write(`wrote ${path} (${(html.length / 1e6).toFixed(1)} MB); open it in a browser\n`);
        return;
      }
      const { server, url } = await serveExplorer(html, port);
      if (opts.json) printJson({ path, url });
      else process.stdout.write(`wrote ${path}\nserving on ${url} (Ctrl-C stops)\n`);
      await new Promise<void>((done) => {
        const stop = () => server.close(() => done());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
