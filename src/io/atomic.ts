/**
 * Atomic file output: every file is written to a temporary sibling and renamed into place, so a
 * crashed or interrupted run leaves either the complete previous file or none.
 * Temporary files still open when the process is interrupted are removed by `removePendingTemps`.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();
const completed: string[] = [];
let counter = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    completed.push(path);
  } finally {
    pending.delete(tmp);
    rmSync(tmp, { force: true });
  }
}

/** Remove temporaries of writes that were under way (called from signal handlers). */
export function removePendingTemps(): void {
  for (const p of pending) rmSync(p, { force: true });
  pending.clear();
}

/** Files completed by this process so far, in order (reported when a run is interrupted). */
export function completedWrites(): readonly string[] {
  return completed;
}
