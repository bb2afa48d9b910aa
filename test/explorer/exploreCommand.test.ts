/**
 * `pepita-ode explore`: writes one self-contained index.html (no external resource of any kind),
 * rejects a bad --port with exit code 2, and the --serve server listens on 127.0.0.1 only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveExplorer } from '../../src/explorer/serve.ts';
import { inlineScript } from '../../src/explorer/page.ts';
import { INPUT_IDS } from '../../src/explorer/form.ts';
import { LEARNING_RULES } from '../../src/core/rules/index.ts';
import { runCli } from '../cli/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pepita-explore-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pepita-ode explore', () => {
  it('writes DIR/index.html: the inputs, rule checkboxes, simulation and download controls, the four panels, plotly and the engine inlined, nothing external', async () => {
    const r = await runCli(['explore', '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { path } = JSON.parse(r.stdout) as { path: string };
    expect(path).toBe(join(dir, 'index.html'));
    expect(existsSync(path)).toBe(true);
    const html = readFileSync(path, 'utf8');
    for (const id of [...INPUT_IDS, ...LEARNING_RULES.map((r) => `rule-${r.id}`), 'logy', 'simulate', 'cancel', 'sim-progress',
      'download-csv', 'download-png', 'eg-plot', 'angles-plot', 'overlaps-plot', 'f-plot', 'error']) {
      expect(html).toContain(`id="${id}"`);
    }
    // no external resource: no src=/href= attributes at all, and a CSP that allows no fetch
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    // plotly and the bundled engine are inline (plotly's own version banner, the engine's error class)
    expect(html).toMatch(/plotly\.js v\d/);
    expect(html).toContain('ConfigError');
    // exactly the 4 script elements of page.ts (defaults JSON, engine source, plotly, app): nothing
    // in the inlined code closed a <script> early
    expect(html.match(/<script[ >]/g)?.length).toBe(4);
    expect(html.match(/<\/script>/g)?.length).toBe(4);
    expect(html).toContain('<script type="text/plain" id="engine-src">');
  });

  it('rejects a bad --port with exit code 2 naming the flag', async () => {
    const r = await runCli(['explore', '--out', join(dir, 'x'), '--serve', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port/);
    expect(existsSync(join(dir, 'x', 'index.html'))).toBe(false);
  });
});

describe('inlineScript', () => {
  it('neutralises </script inside inline code without changing its meaning', () => {
    const js = 'var s = "</script><b>"; var r = /<\\/script>/;';
    const safe = inlineScript(js);
    expect(safe).not.toMatch(/<\/script/i);
    // the escaped text evaluates to the same values
    const f = new Function(`${safe}; return [s, r.test('</script>')];`);
    expect(f()).toEqual(['</script><b>', true]);
  });
});

describe('serveExplorer', () => {
  it('serves the page on 127.0.0.1 only; other paths are 404', async () => {
    const { server, url } = await serveExplorer('<!DOCTYPE html><p>explorer</p>', 0);
    try {
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toBe('<!DOCTYPE html><p>explorer</p>');
      expect((await fetch(`${url}index.html`)).status).toBe(200);
      expect((await fetch(`${url}secret`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
