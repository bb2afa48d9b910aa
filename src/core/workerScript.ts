/**
 * The script a `worker_threads` Worker starts, for a worker module `<name>.ts` that lives beside
 * the calling module. Compiled (the npm package, dist/): `<name>.js`, plain JavaScript that needs no
 * loader. From the TypeScript sources (tsx, vitest): the `<name>.mjs` shim beside it, which
 * registers tsx's loader inside the new thread and then imports `<name>.ts` — a worker does not
 * inherit the parent's loader.
 *
 *   new Worker(workerScript(import.meta.url, 'worker'))
 */
export function workerScript(callerUrl: string, name: string): URL {
  const compiled = /\.js$/.test(new URL(callerUrl).pathname);
  return new URL(`./${name}${compiled ? '.js' : '.mjs'}`, callerUrl);
}
