/**
 * The repository explains itself (issue 19): what the code cites lives in the repository.
 *  - no file cites the design notes outside it (the developers' DESIGN.md): the model, conventions
 *    and formulas are in docs/;
 *  - every `docs/<page>.md "<Section>"` and `README "<Section>"` a source file cites names a heading
 *    that exists (up to line breaks in the comment);
 *  - every repository path a source file or doc names (src/…, theory/…, sim/…, bench/…, test/…,
 *    docs/…, examples/…, scripts/…, notebooks/…) exists — comments must not name removed files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n').filter((f) => f !== '' && existsSync(join(root, f)));
const sources = tracked.filter((f) => /^(src|theory|sim|bench|test|scripts|notebooks|examples)\/.*\.(ts|mjs|js|c|ipynb)$/.test(f));
const docs = tracked.filter((f) => /^(docs\/[^/]+|README)\.md$/.test(f) || f === 'README.md');

/** the text with comment line prefixes (` * `, `// `) and line breaks folded into single spaces */
function folded(text: string): string {
  return text.replace(/\n\s*(\*|\/\/|#)?\s*/g, ' ');
}

function headings(file: string): string[] {
  return readFileSync(join(root, file), 'utf8').split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+ /, '').trim());
}

describe('the repository explains itself', () => {
  it('no source file cites DESIGN.md (a file outside the repository)', () => {
    const citing = sources.filter((f) => f !== 'test/docs/citations.test.ts' && f !== 'test/docs/docs.test.ts' && readFileSync(join(root, f), 'utf8').includes('DESIGN.md'));
    expect(citing).toEqual([]);
  });

  it('every cited docs section exists', () => {
    const missing: string[] = [];
    for (const f of sources.filter((f) => !f.startsWith('test/docs/'))) {
      const text = folded(readFileSync(join(root, f), 'utf8'));
      for (const m of text.matchAll(/(docs\/[A-Za-z0-9_-]+\.md|README) "([^"]+)"/g)) {
        const page = m[1] === 'README' ? 'README.md' : m[1];
        if (!existsSync(join(root, page))) { missing.push(`${f}: ${page} (no such page)`); continue; }
        const wanted = m[2].replace(/\s+/g, ' ').trim();
        if (!headings(page).some((h) => h === wanted || h.startsWith(wanted))) missing.push(`${f}: ${page} "${wanted}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every repository path named in a source file or a doc exists', () => {
    const missing: string[] = [];
    const pathRe = /(?<![\w./-])((?:src|theory|sim|bench|test|docs|examples|scripts|notebooks)\/[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.(?:json|ipynb|mjs|csv|ts|js|md|c))(?![A-Za-z0-9])/g;
    // the docs tests name made-up paths on purpose (their own examples)
    for (const f of [...sources, ...docs].filter((f) => !f.startsWith('test/docs/'))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(pathRe)) {
        const p = m[1];
        // a compiled name beside its source (sim/pool.js for sim/pool.ts)
        if (p.endsWith('.js') && existsSync(join(root, p.replace(/\.js$/, '.ts')))) continue;
        if (!existsSync(join(root, p))) missing.push(`${f}: ${p}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
