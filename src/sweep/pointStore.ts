/**
 * A sweep's folder on disk:
 *   DIR/spec.json              the validated spec (written before the first point; a rerun with a
 *                              different spec into the same folder is refused)
 *   DIR/points/<id>/           one folder per finished point: config.json, theory.csv, sim.csv,
 *                              run.json (status, failure, metrics, timings), and with
 *                              metrics.vsRule theory-<rule>.csv (that rule's solution)
 * A point folder is filled under a temporary name (`points/.tmp-<host>-<pid>-<id>`) and renamed
 * into place in one step, so a point either exists complete or not at all: a sweep killed with
 * SIGKILL leaves at most a temporary folder, which the next run on the same host removes once its
 * process is gone, and every finished point is skipped.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import type { SweepSpec } from './spec.ts';

export const pointsDir = (dir: string) => join(dir, 'points');
export const pointDir = (dir: string, id: string) => join(pointsDir(dir), id);

/** The point file of the metrics.vsRule solution, theory-<rule>.csv (null without vsRule). */
export function vsRuleFile(spec: SweepSpec): string | null {
  return spec.metrics.vsRule ? `theory-${spec.metrics.vsRule}.csv` : null;
}

export function isPointDone(dir: string, id: string): boolean {
  return existsSync(join(pointDir(dir, id), 'run.json'));
}

/** Write DIR/spec.json, or check that the one there is the same sweep. */
export function claimSweepDir(dir: string, spec: SweepSpec): void {
  const path = join(dir, 'spec.json');
  const text = JSON.stringify(spec, null, 2) + '\n';
  if (existsSync(path)) {
    const old = readFileSync(path, 'utf8');
    if (old !== text) throw new ConfigError('--out', `"${dir}" holds a different sweep (its spec.json differs from this spec); use another folder or remove it`);
    return;
  }
  writeFileAtomic(path, text);
}

/** Read DIR/spec.json (for merge). */
export function readSweepSpecJson(dir: string): unknown {
  const path = join(dir, 'spec.json');
  if (!existsSync(path)) throw new ConfigError('DIR', `"${dir}" is not a sweep folder (no spec.json)`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temporary point folders left by dead processes of this host. */
export function removeStaleTemps(dir: string): void {
  const root = pointsDir(dir);
  if (!existsSync(root)) return;
  const prefix = `.tmp-${hostname()}-`;
  for (const name of readdirSync(root)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
}

const live = new Set<string>();
let exitHook = false;

/** Write a point's files into a temporary folder and rename it into place (atomic). */
export function writePoint(dir: string, id: string, files: Record<string, string>): void {
  const root = pointsDir(dir);
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.tmp-${hostname()}-${process.pid}-${id}`);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const t of live) rmSync(t, { recursive: true, force: true });
    });
  }
  live.add(tmp);
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    try {
      renameSync(tmp, pointDir(dir, id));
    } catch (e) {
      // another process (a duplicate shard) finished the same point first: keep its copy
      if (!isPointDone(dir, id)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    live.delete(tmp);
  }
}

export function readPointFile(dir: string, id: string, name: string): string | null {
  const p = join(pointDir(dir, id), name);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}
