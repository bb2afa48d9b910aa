/**
 * The explorer page in a real browser (Debian chromium via playwright-core), opened from disk:
 * it draws #eg-plot with the theory's εg as first trace, redraws when #eta changes (the trace
 * data must change), shows a message in #error for invalid input while keeping the last plot,
 * raises no page errors and makes no network request.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { solveTheory } from '../../theory/solve.ts';
import { configFromForm, FORM_DEFAULTS } from '../../src/explorer/form.ts';
import {
  buildExplorerToTemp, egTrace, openExplorer, setInput, waitForError, waitForRedraw, type ExplorerSession,
} from '../../bench/explorerDriver.ts';

describe('explorer page (headless chromium, file://)', () => {
  let session: ExplorerSession;
  let dir: string;

  beforeAll(async () => {
    const built = await buildExplorerToTemp();
    dir = built.dir;
    session = await openExplorer(built.path);
    await waitForRedraw(session.page, 0);
  });

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws εg of the theory as the first trace of #eg-plot, equal to solveTheory in Node', async () => {
    const trace = await egTrace(session.page);
    expect(trace.name).toMatch(/εg/);
    // the same config through the same engine in Node: the browser bundle must not change the numbers
    const sol = solveTheory(parseConfig(configFromForm({ ...FORM_DEFAULTS })));
    const want: number[] = [];
    for (let i = 0; i < sol.times.length; i++) if (sol.times[i] > 0) want.push(sol.eg[i]);
    expect(trace.y.length).toBe(want.length);
    expect(trace.y.length).toBeGreaterThan(10);
    // identical code and inputs: agreement to rounding (JSON transport is exact for doubles)
    for (let i = 0; i < want.length; i++) expect(trace.y[i]).toBeCloseTo(want[i], 10);
    // the solve ran in the Web Worker (blob: URL from a file:// page), not in the page's thread
    expect(await session.page.evaluate(() => window.explorerStatus.engine)).toBe('worker');
    expect(session.errors).toEqual([]);
  });

  it('redraws #eg-plot with new data after #eta changes', async () => {
    const before = await egTrace(session.page);
    const count = await setInput(session.page, 'eta', '0.5');
    await waitForRedraw(session.page, count);
    const after = await egTrace(session.page);
    expect(after.y.length).toBe(before.y.length);
    const maxDiff = Math.max(...after.y.map((y, i) => Math.abs(y - before.y[i])));
    // a ten-fold learning rate moves εg(t) by far more than the solver tolerance
    expect(maxDiff).toBeGreaterThan(1e-3);
    expect(await session.page.evaluate(() => window.explorerStatus.error)).toBe('');
    expect(await session.page.isHidden('#error')).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('shows a message naming the field for invalid input and keeps the last plot', async () => {
    const before = await egTrace(session.page);
    const message = await waitForError(session.page, await setInput(session.page, 'eta', '-1'));
    expect(message).toMatch(/invalid input: eta/);
    expect(await session.page.isVisible('#error')).toBe(true);
    const still = await egTrace(session.page);
    expect(still.y).toEqual(before.y);

    // dfa without its feedback weights: the config's own cross-field message
    await waitForRedraw(session.page, await setInput(session.page, 'eta', '0.05'));
    expect(await waitForError(session.page, await setInput(session.page, 'rule', 'dfa'))).toMatch(/feedbackWeights/);

    // fixing the input clears the message
    const n = await setInput(session.page, 'rule', 'bp');
    await waitForRedraw(session.page, n);
    expect(await session.page.isHidden('#error')).toBe(true);
    expect(session.errors).toEqual([]);
    expect(session.networkRequests).toEqual([]);
  });

  it('a change during a long solve abandons it and draws the new inputs', async () => {
    const page = session.page;
    const before = await page.evaluate(() => window.explorerStatus.attempts);
    // PEPITA with 10⁶ Monte Carlo samples takes minutes: far longer than this test waits
    await page.fill('#mcSamples', '1000000');
    await setInput(page, 'rule', 'pepita');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.explorerStatus.busy)).toBe(true);
    const t0 = Date.now();
    await setInput(page, 'rule', 'afa');
    await waitForRedraw(page, before, 30_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const title = await page.evaluate(() => (document.getElementById('eg-plot') as unknown as { layout: { title: { text: string } } }).layout.title.text);
    expect(title).toMatch(/— afa,/);
    expect(session.errors).toEqual([]);
  });
});
