#!/usr/bin/env node
// Thin launcher: registers tsx's TypeScript loader (tsx/esm/api; `module.register('tsx/esm')`
// is refused by tsx 4 on Node 20: "tsx must be loaded with --import") and runs the CLI.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
