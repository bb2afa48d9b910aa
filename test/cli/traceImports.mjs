// `node --import ./test/cli/traceImports.mjs …`: append the URL of every module the process loads
// to the file named by $PEPITA_TRACE_IMPORTS (one per line). The hook runs on the loader thread,
// so it writes to a file rather than to the process's stderr.
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.PEPITA_TRACE_IMPORTS) appendFileSync(process.env.PEPITA_TRACE_IMPORTS, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
