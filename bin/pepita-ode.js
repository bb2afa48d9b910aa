#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx's ESM loader.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
register('tsx/esm', pathToFileURL('./'));
await import('../src/cli/main.ts');
