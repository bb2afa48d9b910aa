/**
 * The public API reference (issue 13, item 3): every export of src/index.ts — the package's only
 * entry — carries a TSDoc comment, and every function, class and constant an `@example`, since
 * docs/api/ (npm run docs:api, TypeDoc) is generated from exactly these comments. Read with the
 * TypeScript compiler, as TypeDoc reads them. And docs/api/ is what `npm run docs:api` makes of
 * the current comments (regenerated into a temporary folder and compared).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INDEX = `${ROOT}src/index.ts`;

interface ExportDoc {
  name: string;
  isValue: boolean;
  hasDoc: boolean;
  hasExample: boolean;
}

function exportDocs(): ExportDoc[] {
  const config = ts.getParsedCommandLineOfConfigFile(`${ROOT}tsconfig.build.json`, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.build.json unreadable');
  const program = ts.createProgram([INDEX], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    // a function's comment sits on its (first) signature declaration
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
    const tags = target.getJsDocTags(checker);
    const isValue = !!(target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum));
    return { name: s.name, isValue, hasDoc: doc.length > 0, hasExample: tags.some((t) => t.name === 'example') };
  });
}

describe('public API documentation (src/index.ts → docs/api/)', () => {
  const docs = exportDocs();

  it('src/index.ts exports something (the check below must be able to fail)', () => {
    expect(docs.length).toBeGreaterThan(5);
  });

  it('every export has a TSDoc comment', () => {
    expect(docs.filter((d) => !d.hasDoc).map((d) => d.name)).toEqual([]);
  });

  it('every exported function, class and constant has an @example', () => {
    expect(docs.filter((d) => d.isValue && !d.hasExample).map((d) => d.name)).toEqual([]);
  });

  it('docs/api/ is current (npm run docs:api regenerates it)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pepita-api-'));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--out', out, '--logLevel', 'Error'], {
        cwd: ROOT, encoding: 'utf8', timeout: 170_000,
      });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).sort();
      const committed = readdirSync(join(ROOT, 'docs/api'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).sort();
      expect(committed).toEqual(files);
      for (const f of files) {
        expect(readFileSync(join(ROOT, 'docs/api', f), 'utf8'), `docs/api/${f} is stale: npm run docs:api`).toBe(readFileSync(join(out, f), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
