/**
 * `pepita-ode theory` end to end (spawned `tsx src/cli/main.ts theory …` with the project's tsx, in a temp dir):
 * files and exit codes for success (0), invalid input (2, nothing written) and a numerical
 * failure (1, rows before it written, message with t=…).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.ts';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'src/cli/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx'); // the project's tsx (npx would look in the temp dir)
const work = mkdtempSync(join(tmpdir(), 'pepita-theory-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(tsx, [main, 'theory', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pepita-ode theory', () => {
  it('writes theory.csv and run.json; --json prints times, εg and statistics', () => {
    writeFileSync(join(work, 'bp.json'), JSON.stringify({ rule: 'bp', eta: 0.5, tmax: 100, points: 12 }));
    const r = run(['--config', 'bp.json', '--out', 'out', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.times.length).toBe(12);
    expect(printed.eg.length).toBe(12);
    expect(printed.stats.rhsEvals).toBeGreaterThan(0);
    expect(printed.failure).toBeNull();
    const csv = parseCsv(readFileSync(join(work, 'out/theory.csv'), 'utf8'));
    expect(csv.header.slice(0, 3)).toEqual(['t', 'eg', 'Q_1_1']);
    expect(csv.header).toContain('f_2');
    expect(csv.rows.length).toBe(12);
    expect(csv.rows[11][0]).toBe(100);
    expect(csv.rows[11][1]).toBe(printed.eg[11]); // round-trip exact
    const record = JSON.parse(readFileSync(join(work, 'out/run.json'), 'utf8'));
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['config', 'initial', 'timings', 'versions', 'solver', 'failure']));
    expect(record.config.rule).toBe('bp');
    expect(record.initial.Q.length).toBe(2);
    expect(record.timings.theorySeconds).toBeGreaterThan(0);
    expect(record.versions.odex).toMatch(/^\d+\.\d+/);
    expect(record.solver.rhsEvals).toBe(printed.stats.rhsEvals);
    expect(record.failure).toBeNull();
  });

  it('invalid input: exit 2, the field named, nothing written', () => {
    writeFileSync(join(work, 'bad.json'), JSON.stringify({ rule: 'bp', eta: -1 }));
    const r = run(['--config', 'bad.json', '--out', 'bad-out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/eta/);
    expect(existsSync(join(work, 'bad-out'))).toBe(false);
  });

  it('numerical failure: exit 1 with t=…, the rows before it written', () => {
    // Q = 1e200 with η = 10: W2 and then Q overflow within the first step
    writeFileSync(join(work, 'div.json'), JSON.stringify({
      K: 1, M: 1, rule: 'bp', eta: 10, activation: 'linear', teacherActivation: 'linear', times: [0, 0.5, 1],
      init: { kind: 'overlaps', Q: [[1e200]], R: [[0]], T: [[1]], W2: [1], W2t: [1], f: [0], ft: [0], qf: 1 },
    }));
    const r = run(['--config', 'div.json', '--out', 'div-out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/numerical failure: .*t=/);
    const csv = parseCsv(readFileSync(join(work, 'div-out/theory.csv'), 'utf8'));
    expect(csv.rows.length).toBe(1);
    const record = JSON.parse(readFileSync(join(work, 'div-out/run.json'), 'utf8'));
    expect(record.failure.t).toBeGreaterThanOrEqual(0);
  });
});
