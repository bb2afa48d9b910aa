/**
 * The explorer page in a real browser (Debian chromium via playwright-core), opened from disk.
 * Independent routes for every number it draws:
 *   - theory curves: the same config solved in Node (solveTheoryOf) and by `pepita-ode theory` run
 *     on the config JSON the page offers for download;
 *   - simulation markers: `pepita-ode simulate` on that config, its per-seed sim.csv reduced to mean
 *     and sample sd here with a plain two-pass formula (not the page's seedStats).
 * Plus the behaviour: several rules at once with their own colours, panels and inputs shown only
 * for rules that have them (read from the rule objects), Cancel terminates the simulation workers,
 * a link with a hash restores every input and the curves, invalid input shows a message and no
 * page error, and the page makes no network request.
 *
 * Mostly analytic rules (AFA, BP, DFA at erf/linear units): their solves take milliseconds, so the
 * whole file stays short; every other rule is drawn once with a small Monte Carlo sample count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveTheoryOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { LEARNING_RULES, RULE_IDS, ruleById } from '../../src/core/rules/index.ts';
import { simulateRun, simulationTasksOf } from '../../src/app/simulationTasks.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { configFromForm, INPUT_IDS } from '../../src/explorer/form.ts';
import { defaultViewState } from '../../src/explorer/page.ts';
import { DRAWN_CSV_HEADER } from '../../src/explorer/downloads.ts';
import {
  buildExplorerToTemp, launchBrowser, openPage, panelTraces, ruleTrace, setInput, setRule, settle, waitForError, waitForRedraw,
  type ExplorerBrowser, type ExplorerSession,
} from '../../bench/explorerDriver.ts';
import { runCli } from '../cli/runCli.ts';

/** εg of the inputs' theory in Node; at t > 0 only where the page's time axis is logarithmic. */
function nodeTheory(values: Record<string, string>, ruleId: string): { t: number[]; eg: number[] } {
  const sol = solveTheoryOf(parseConfig(configFromForm(values, ruleById(ruleId)!)));
  const logT = values.spacing === 'log';
  const t: number[] = [], eg: number[] = [];
  for (let i = 0; i < sol.times.length; i++) if (sol.times[i] > 0 || !logT) {
    t.push(sol.times[i]);
    eg.push(sol.eg[i]);
  }
  return { t, eg };
}

/**
 * Same code and inputs in the browser and in Node (same V8 fdlibm Math, JSON-exact transport), so
 * agreement is to rounding; 1e-10 on εg ≈ 0.03–0.3 is the bar the issue sets, far above rounding
 * (the solver's own rtol is 1e-11) and far below any change of input (≥ 1e-5 here).
 */
const THEORY_TOL = 1e-10;

function expectClose(got: number[], want: number[], tol: number) {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

/**
 * Output times agree to the last bit or two only: the log grid is 10 ** x, and chromium's V8 and
 * Node's may round Math.pow differently by one ulp (seen: 0.049999999999999996 vs …99).
 */
function expectTimes(got: number[], want: number[]) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(4 * Number.EPSILON * want[i]);
}

async function download(page: Page, selector: string, path: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  await dl.saveAs(path);
  return path;
}

const defaults = defaultViewState();
let dir: string;
let pagePath: string;
// one chromium for the whole file (a tab per describe): launching it is the slow part under load
let browser: ExplorerBrowser;
const openExplorer = (path: string, hash = '') => openPage(browser, path, hash);

beforeAll(async () => {
  const built = await buildExplorerToTemp();
  dir = built.dir;
  pagePath = built.path;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('explorer page, default view (headless chromium, file://)', () => {
  let session: ExplorerSession;
  let page: Page;

  beforeAll(async () => {
    session = await openExplorer(pagePath);
    page = session.page;
    await waitForRedraw(page, 0);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('opens with the config defaults and draws their εg equal to solveTheoryOf in Node, in a Web Worker', async () => {
    for (const id of INPUT_IDS) expect(await page.inputValue(`#${id}`), id).toBe(defaults.values[id]);
    const [rule] = defaults.rules;
    const trace = await ruleTrace(page, rule);
    const want = nodeTheory(defaults.values, rule);
    expectTimes(trace.x, want.t);
    expectClose(trace.y, want.eg, THEORY_TOL);
    expect(await page.evaluate(() => window.explorerStatus.engine)).toBe('worker');
    // the view is in the address bar from the start
    expect(await page.evaluate(() => location.hash)).toMatch(new RegExp(`^#rules=${rule}&`));
    expect(session.errors).toEqual([]);
  });

  it('draws two rules at once in their own colours; ‖f‖ panel and feedback-weights input only where a rule has them', async () => {
    await waitForRedraw(page, await setRule(page, 'bp', true));
    const eg = (await panelTraces(page, 'eg')).filter((t) => t.meta?.kind === 'theory');
    expect(eg.map((t) => t.meta!.rule).sort()).toEqual(['afa', 'bp']);
    const colours = await page.evaluate(() => (document.getElementById('eg-plot') as unknown as { data: { line?: { color: string } }[] }).data.map((t) => t.line?.color));
    expect(new Set(colours).size).toBe(2);
    for (const t of eg) expectClose(t.y, nodeTheory(defaults.values, t.meta!.rule).eg, THEORY_TOL);

    const uses = (id: string) => ruleById(id)!.usesFeedbackVector;
    const fRules = new Set((await panelTraces(page, 'f')).map((t) => t.meta!.rule));
    expect([...fRules].sort()).toEqual(['afa', 'bp'].filter(uses));
    // Fig. 2c: the angle to f only for rules that use the feedback vector
    for (const id of ['afa', 'bp']) {
      const series = (await panelTraces(page, 'angles')).filter((t) => t.meta!.rule === id).map((t) => t.meta!.series);
      expect(series.some((s) => /f\)$/.test(s))).toBe(uses(id));
      expect(series.length).toBe(uses(id) ? 3 : 2);
    }
    // unticking the only feedback rule hides the ‖f‖ panel
    await waitForRedraw(page, await setRule(page, 'afa', false));
    expect(await page.isHidden('#f-plot')).toBe(!uses('bp'));
    expect(await page.isHidden('#feedbackWeights-field')).toBe(true);
    await waitForRedraw(page, await setRule(page, 'afa', true));
    expect(await page.isVisible('#f-plot')).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('invalid input: a message naming the field, the last plot kept, no page error', async () => {
    const before = await ruleTrace(page, 'afa');
    const message = await waitForError(page, await setInput(page, 'eta', '-1'));
    expect(message).toMatch(/invalid input: eta/);
    expect(await page.isVisible('#error')).toBe(true);
    expect((await ruleTrace(page, 'afa')).y).toEqual(before.y);
    await waitForRedraw(page, await setInput(page, 'eta', defaults.values.eta));

    // a rule that needs feedback weights, without them: its own message; the other rules still drawn
    const dfaMessage = await waitForError(page, await setRule(page, 'dfa', true));
    expect(dfaMessage).toMatch(/invalid input: feedbackWeights.*\(DFA\)/);
    expect(await page.isVisible('#feedbackWeights-field')).toBe(true);
    expect((await ruleTrace(page, 'afa')).y).toEqual(before.y);
    await waitForRedraw(page, await setInput(page, 'feedbackWeights', '0.5, -0.5'));
    await ruleTrace(page, 'dfa');
    await waitForRedraw(page, await setRule(page, 'dfa', false));
    expect(await page.isHidden('#error')).toBe(true);

    // a bad link: unknown rule and a non-number; the message names both, nothing throws
    const n = await page.evaluate(() => window.explorerStatus.attempts);
    await page.evaluate(() => { location.hash = '#rules=afa,nope&K=abc'; });
    const linkMessage = await waitForError(page, n);
    expect(linkMessage).toMatch(/"nope"/);
    expect(linkMessage).toMatch(/invalid input: K/);
    expect(await page.inputValue('#K')).toBe('abc');
    await waitForRedraw(page, await setInput(page, 'K', '2'));
    expect(session.errors).toEqual([]);
    expect(session.networkRequests).toEqual([]);
  });

  it('a newer input, or unticking the rule, abandons a long solve (its worker is terminated)', async () => {
    // PEPITA with Monte Carlo averages of 10⁶ samples takes minutes: far longer than this test waits
    // (averages "mc" explicitly, so that a faster default backend cannot make it short)
    // no rule ticked (an error, no solve) while the averages are switched
    for (const r of LEARNING_RULES) if (await page.isChecked(`#rule-${r.id}`)) await settle(page, await setRule(page, r.id, false));
    await settle(page, await setInput(page, 'averages', 'mc'));
    await settle(page, await setInput(page, 'mcSamples', '1000000'));
    const theoryWorkers = () => page.workers().filter((w) => w.url() !== '' && w.url() !== simWorkerUrl).length;
    let simWorkerUrl = await page.evaluate(() => window.explorerStatus.sim.workerUrl);
    const before = await setRule(page, 'pepita', true);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.explorerStatus.busy)).toBe(true);
    // a newer input: the long solve is dropped and the new one drawn
    const t0 = Date.now();
    await setInput(page, 'mcSamples', '2000');
    await waitForRedraw(page, before, 30_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect((await panelTraces(page, 'eg')).map((t) => t.meta!.rule)).toEqual(['pepita']);

    // long again, then unticked: the worker computing it goes away at once
    await setInput(page, 'mcSamples', '1000000');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.explorerStatus.busy)).toBe(true);
    simWorkerUrl = await page.evaluate(() => window.explorerStatus.sim.workerUrl);
    const busyWorkers = theoryWorkers();
    await settle(page, await setRule(page, 'pepita', false), 10_000);
    const t1 = Date.now();
    while (theoryWorkers() >= busyWorkers && Date.now() - t1 < 10_000) await page.waitForTimeout(50);
    expect(theoryWorkers()).toBe(busyWorkers - 1);

    // the defaults button restores every input and the default rule
    const n = await page.evaluate(() => window.explorerStatus.attempts);
    await page.click('#reset');
    await waitForRedraw(page, n);
    for (const id of INPUT_IDS) expect(await page.inputValue(`#${id}`), id).toBe(defaults.values[id]);
    for (const r of LEARNING_RULES) expect(await page.isChecked(`#rule-${r.id}`), r.id).toBe(defaults.rules.includes(r.id));
    expect(session.errors).toEqual([]);
  });

  it('Cancel terminates every simulation worker at once (two rules, started apart) and draws no markers', async () => {
    // 10⁷ steps per run (t max 10⁵ at D = 100): tens of seconds, far longer than the test waits;
    // progress comes every 1 % of a run (10⁵ steps of D = 100: a fraction of a second)
    await waitForRedraw(page, await setInput(page, 'D', '100'));
    await waitForRedraw(page, await setInput(page, 'tmax', '100000'));
    await page.click('#simulate');
    await page.waitForFunction(() => window.explorerStatus.sim.state === 'running' && window.explorerStatus.sim.done > 0, undefined, { timeout: 60_000 });
    // progress is shown
    expect(await page.isVisible('#sim-progress')).toBe(true);
    await page.waitForFunction(() => (document.getElementById('sim-progress') as HTMLProgressElement).value > 0, undefined, { timeout: 10_000 });
    const url = await page.evaluate(() => window.explorerStatus.sim.workerUrl);
    const simWorkers = () => page.workers().filter((w) => w.url() === url).length;
    expect(simWorkers()).toBeGreaterThan(0);
    // ticking a rule meanwhile adds its runs without restarting the running ones
    const first = await page.evaluate(() => ({ ...window.explorerStatus.sim }));
    await settle(page, await setRule(page, 'bp', true));
    await page.waitForFunction((n) => window.explorerStatus.sim.runs === n, 2 * first.runs, { timeout: 10_000 });
    expect(await page.evaluate(() => window.explorerStatus.sim.done)).toBeGreaterThanOrEqual(first.done);
    expect(await page.isEnabled('#cancel')).toBe(true);
    expect(await page.evaluate(() => location.hash)).toMatch(/&sim=1$/);

    await page.click('#cancel');
    const t0 = Date.now();
    while (simWorkers() > 0 && Date.now() - t0 < 10_000) await page.waitForTimeout(50);
    expect(simWorkers()).toBe(0);
    const after = await page.evaluate(() => ({ ...window.explorerStatus.sim }));
    expect(after.state).toBe('cancelled');
    expect(after.workers).toBe(0);
    // nothing advances any more, and no markers are drawn
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.explorerStatus.sim.done)).toBe(after.done);
    expect((await panelTraces(page, 'eg')).filter((t) => t.meta?.kind === 'sim')).toEqual([]);
    expect(await page.isDisabled('#cancel')).toBe(true);
    expect(await page.evaluate(() => location.hash)).toMatch(/&sim=0$/);
    await settle(page, await setRule(page, 'bp', false));
    expect(session.errors).toEqual([]);
  });
});

describe('explorer page opened from a link (hash)', () => {
  // every input away from its default; analytic rules (linear units) so that all of it is quick
  const linked: Record<string, string> = {
    eta: '0.3', eta2: '0.2', K: '3', M: '1', D: '120', tmax: '30', points: '40', spacing: 'linear', activation: 'linear', teacherActivation: 'linear',
    W1std: '0.8', Fstd: '1.3', seed: '5', noise: '0.1', averages: 'analytic', mcSamples: '5000', feedbackWeights: '0.5,-0.2,0.3',
    mirror: 'on', mirrorRate: '0.5', mirrorNoise: '0.8', mirrorPre: '2', simSeed: '4', simSeeds: '3',
  };
  const hash = `#rules=bp,dfa&${INPUT_IDS.map((id) => `${id}=${linked[id]}`).join('&')}&logy=0&sim=1`;
  let session: ExplorerSession;
  let page: Page;
  let work: string;

  beforeAll(async () => {
    for (const id of INPUT_IDS) expect(linked[id], id).not.toBe(defaults.values[id]);
    work = mkdtempSync(join(tmpdir(), 'pepita-explorer-dl-'));
    session = await openExplorer(pagePath, hash);
    page = session.page;
    await waitForRedraw(page, 0);
    // sim=1 in the link: the page simulates again (a pure function of config and seeds)
    await page.waitForFunction(() => window.explorerStatus.sim.completed > 0, undefined, { timeout: 60_000 });
  });
  afterAll(async () => {
    await session?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('restores every input, the rules, the axis and the curves (theory and simulation markers)', async () => {
    for (const id of INPUT_IDS) expect(await page.inputValue(`#${id}`), id).toBe(linked[id]);
    for (const r of LEARNING_RULES) expect(await page.isChecked(`#rule-${r.id}`), r.id).toBe(['bp', 'dfa'].includes(r.id));
    expect(await page.isChecked('#logy')).toBe(false);
    expect(await page.evaluate(() => (document.getElementById('eg-plot') as unknown as { layout: { yaxis: { type: string } } }).layout.yaxis.type)).toBe('linear');
    expect(await page.isVisible('#feedbackWeights-field')).toBe(true);
    // BP and DFA use no F: the mirror inputs are hidden (and their configs have no mirror)
    expect(await page.isVisible('#mirror-field')).toBe(false);
    for (const rule of ['bp', 'dfa']) {
      expectClose((await ruleTrace(page, rule)).y, nodeTheory(linked, rule).eg, THEORY_TOL);
      expect((await ruleTrace(page, rule, 'sim')).y.length).toBeGreaterThan(10);
    }
    // the page writes the same view back: the link is stable
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(session.errors).toEqual([]);
  });

  it('the downloaded config JSON run through `pepita-ode theory` reproduces the drawn εg to 1e-10', async () => {
    for (const rule of ['bp', 'dfa']) {
      const file = await download(page, `#download-config-${rule}`, join(work, `${rule}.json`));
      const r = await runCli(['theory', '--config', file, '--out', join(work, `theory-${rule}`), '--json']);
      expect(r.code, r.stderr).toBe(0);
      const cli = JSON.parse(r.stdout) as { times: number[]; eg: number[] };
      const drawn = await ruleTrace(page, rule);
      // linear spacing in this link: the time axis is linear and t = 0 is drawn too
      const keep = cli.times.map((_, i) => i);
      expectTimes(drawn.x, keep.map((i) => cli.times[i]));
      expectClose(drawn.y, keep.map((i) => cli.eg[i]), THEORY_TOL);
    }
  });

  it('Simulate markers equal the seed mean ± sd of `pepita-ode simulate` on the same config', async () => {
    for (const rule of ['bp', 'dfa']) {
      const file = await download(page, `#download-config-${rule}`, join(work, `sim-${rule}.json`));
      const out = join(work, `sim-${rule}`);
      const r = await runCli(['simulate', '--config', file, '--out', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { header, rows } = parseCsv(readFileSync(join(out, 'sim.csv'), 'utf8'));
      const [cs, ct, ce] = ['seed', 't', 'eg'].map((c) => header.indexOf(c));
      const seeds = [...new Set(rows.map((row) => row[cs]))];
      expect(seeds).toEqual([4, 5, 6]);
      const bySeed = seeds.map((s) => rows.filter((row) => row[cs] === s));
      const times = bySeed[0].map((row) => row[ct]);
      const first = 0;
      const mean: number[] = [], sd: number[] = [];
      for (let i = 0; i < times.length; i++) {
        const v = bySeed.map((rs) => rs[first + i][ce]);
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        mean.push(m);
        sd.push(Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)));
      }
      const markers = await ruleTrace(page, rule, 'sim');
      expect(markers.x).toEqual(times);
      // identical runs (sim.csv round-trips doubles exactly); only the summation order of 3 numbers
      // differs between the page's seedStats and this formula: a few ulp, far below 1e-12 relative
      for (let i = 0; i < times.length; i++) {
        expect(Math.abs(markers.y[i] - mean[i])).toBeLessThanOrEqual(1e-12 * Math.abs(mean[i]));
        expect(Math.abs(markers.sd![i] - sd[i])).toBeLessThanOrEqual(1e-12 * Math.abs(mean[i]));
      }
      // and the spread is real: the runs differ (different data seeds)
      expect(Math.max(...sd)).toBeGreaterThan(0);
    }
  });

  it('downloads a CSV of exactly what is drawn and a PNG', async () => {
    const csv = readFileSync(await download(page, '#download-csv', join(work, 'curves.csv')), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(DRAWN_CSV_HEADER);
    const rows = csv.slice(1).map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '')));
    for (const kind of ['theory', 'sim'] as const) {
      const t = await ruleTrace(page, 'dfa', kind);
      const mine = rows.filter((r) => r[0] === 'eg' && r[1] === 'dfa' && r[3] === kind);
      expect(mine.map((r) => Number(r[4]))).toEqual(t.x);
      expect(mine.map((r) => Number(r[5]))).toEqual(t.y);
      if (kind === 'sim') expect(mine.map((r) => Number(r[6]))).toEqual(t.sd);
    }
    // every visible panel is in it; the hidden ‖f‖ panel (no rule here uses f) is not
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['eg', 'angles', 'overlaps']));
    const png = readFileSync(await download(page, '#download-png', join(work, 'eg.png')));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(session.errors).toEqual([]);
    expect(session.networkRequests).toEqual([]);
  });
});

/**
 * A tab opened on a link that ticks `rules` with `values` and simulation on, left open for the
 * describe block once its simulation has completed.
 */
function simulatedTab(rules: readonly string[], values: Record<string, string>): () => ExplorerSession {
  const hash = `#rules=${rules.join(',')}&${INPUT_IDS.map((id) => `${id}=${encodeURIComponent(values[id])}`).join('&')}&logy=1&sim=1`;
  let session: ExplorerSession;
  beforeAll(async () => {
    session = await openExplorer(pagePath, hash);
    await waitForRedraw(session.page, 0);
    await session.page.waitForFunction(() => window.explorerStatus.sim.completed > 0, undefined, { timeout: 60_000 });
  });
  afterAll(async () => {
    await session?.close();
  });
  return () => session;
}

/** A rule's drawn theory = solveTheoryOf in Node, its markers = the mean and sd of the same two runs (simulateRun) here. */
async function expectRuleMatchesNode(page: Page, values: Record<string, string>, ruleId: string) {
  // theory: the same config through solveTheoryOf (same Monte Carlo sample bank where one is used)
  expectClose((await ruleTrace(page, ruleId)).y, nodeTheory(values, ruleId).eg, THEORY_TOL);
  // simulation: the same runs through simulateRun, reduced to mean and sd here
  const config = parseConfig(configFromForm(values, ruleById(ruleId)!));
  const runs = simulationTasksOf(config).map((task) => simulateRun(task));
  const markers = await ruleTrace(page, ruleId, 'sim');
  const from = runs[0].times.findIndex((t) => t > 0);
  expectTimes(markers.x, Array.from(runs[0].times.slice(from)));
  for (let i = 0; i < markers.x.length; i++) {
    const v = runs.map((r) => r.eg[from + i]);
    const m = (v[0] + v[1]) / 2;
    // two numbers: the page's mean differs from this one by rounding only
    expect(Math.abs(markers.y[i] - m), `${ruleId} t=${markers.x[i]}`).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(markers.sd![i] - Math.abs(v[0] - v[1]) / Math.SQRT2)).toBeLessThanOrEqual(1e-14);
  }
}

describe('explorer page with every rule of the registry at once', () => {
  // Monte Carlo averages with few samples and short runs: every rule solves and simulates in well
  // under a second (the default cubature takes ~1.5 s per PEPITA-family solve even here)
  const values: Record<string, string> = {
    ...defaults.values, tmax: '10', points: '12', D: '100', averages: 'mc', mcSamples: '500', simSeeds: '2', feedbackWeights: '1, -0.5',
  };
  const tab = simulatedTab(RULE_IDS, values);

  it('draws each rule’s theory and simulation markers equal to the engines run in Node', async () => {
    const session = tab();
    for (const rule of LEARNING_RULES) await expectRuleMatchesNode(session.page, values, rule.id);
    // the panels that depend on the rule's properties
    const fRules = new Set((await panelTraces(session.page, 'f')).map((t) => t.meta!.rule));
    expect([...fRules].sort()).toEqual(LEARNING_RULES.filter((r) => r.usesFeedbackVector).map((r) => r.id).sort());
    expect(session.errors).toEqual([]);
  });
});

describe('explorer page with weight mirroring', () => {
  // PEPITA and AFA with a mirror (general RHS, Monte Carlo with few samples), BP alongside without one
  const values: Record<string, string> = {
    ...defaults.values, tmax: '10', points: '12', D: '100', averages: 'mc', mcSamples: '500', simSeeds: '2',
    mirror: 'on', mirrorRate: '1', mirrorNoise: '1', mirrorPre: '1',
  };
  const rules = ['bp', 'afa', 'pepita'];
  const tab = simulatedTab(rules, values);

  it('shows the mirror inputs and draws the mirrored theory and simulation equal to the engines in Node', async () => {
    const session = tab();
    for (const id of ['mirror', 'mirrorRate', 'mirrorNoise', 'mirrorPre']) expect(await session.page.isVisible(`#${id}-field`), id).toBe(true);
    for (const id of rules) {
      const rule = ruleById(id)!;
      expect(parseConfig(configFromForm(values, rule)).mirror !== null, id).toBe(rule.usesFeedbackVector);
      await expectRuleMatchesNode(session.page, values, id);
    }
    // the mirror changes PEPITA's curve (the comparison is not vacuous)
    const fixed = nodeTheory({ ...values, mirror: 'off' }, 'pepita').eg;
    const drawn = (await ruleTrace(session.page, 'pepita')).y;
    expect(Math.max(...drawn.map((v, i) => Math.abs(v - fixed[i])))).toBeGreaterThan(1e-4);
    expect(session.errors).toEqual([]);
  });
});
