/**
 * An interrupted run never leaves a truncated file: after SIGINT (and SIGTERM) in the middle of a
 * long simulation, the output folder holds either the complete files of the previous run, byte for
 * byte, or nothing, and no temporary file; the message says what was kept.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function interruptAfter(argv: string[], signal: NodeJS.Signals, afterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...argv], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

describe('interrupted runs leave complete files or none', () => {
  const small = { D: 100, tmax: 5, points: 20, sim: { seeds: 2, threads: 1 } };
  const long = { D: 500, tmax: 1e5, points: 50, sim: { seeds: 2, threads: 2 } };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during a long simulation keeps the previous complete files`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pepita-int-'));
      const out = join(dir, 'out');
      writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
      writeFileSync(join(dir, 'long.json'), JSON.stringify(long));
      const first = await runCli(['simulate', '--config', join(dir, 'small.json'), '--out', out]);
      expect(first.code, first.stderr).toBe(0);
      const before = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
      expect(before.has('sim.csv')).toBe(true);

      // the long run would take minutes; interrupt it ~5 s in (after tsx start-up and the first steps)
      const r = await interruptAfter(['simulate', '--config', join(dir, 'long.json'), '--out', out], signal, 5000);
      expect(r.code === 130 || r.code === 143 || r.signal !== null, `code ${r.code} signal ${r.signal}: ${r.stderr}`).toBe(true);
      expect(r.stderr).toMatch(/interrupted/);
      const after = readdirSync(out);
      expect(after.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const f of after) expect(readFileSync(join(out, f)).equals(before.get(f)!), f).toBe(true);
    });
  }
});
