#!/usr/bin/env node
// The installed `pepita-ode` command: the compiled CLI in dist/ (plain JavaScript, no TypeScript
// loader). dist/ ships in the npm package; in a clone `npm install` builds it (the `prepare`
// script) and `npm run build` rebuilds it after editing the sources.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pepita-ode: the compiled CLI (dist/) is missing: run `npm run build` in the repository, or `npm run cli -- <args>` to run the TypeScript sources\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
