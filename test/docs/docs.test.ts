/**
 * docs/ travels with the package: the generated references match the code (`npm run docs`), and
 * every relative link of README.md and docs/*.md resolves to a file inside the repository (and, for
 * a link into a Markdown page with #anchor, to one of its headings).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedPages } from '../../docs/generate.ts';
import { AVERAGES } from '../../src/core/config.ts';
import { RULE_IDS } from '../../src/core/rules/index.ts';

const root = resolve(import.meta.dirname, '../..');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Markdown links [text](target) and reference definitions [id]: target, outside code blocks and spans. */
function markdownLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const refs = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...inline, ...refs];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const anchors = new Set<string>();
  for (const m of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    anchors.add(m[1].toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target); // http:, https:, mailto:

describe('docs', () => {
  it('the pages the issue asks for exist', () => {
    for (const f of ['README.md', 'model.md', 'rules.md', 'averages.md', 'findings.md', 'outputs.md', 'config.md', 'cli.md']) {
      expect(existsSync(join(root, 'docs', f)), f).toBe(true);
    }
  });

  it('docs/config.md and docs/cli.md are what `npm run docs` generates now', async () => {
    for (const page of await generatedPages()) {
      expect(readFileSync(page.file, 'utf8'), `${relative(root, page.file)} is out of date: run npm run docs`).toBe(page.text);
    }
  }, 120_000);

  it('the config reference lists every key of the schema, the CLI reference every command', async () => {
    const config = readFileSync(join(root, 'docs/config.md'), 'utf8');
    for (const key of ['K', 'eta', 'spacing', 'times', 'theory.rtol', 'sim.seeds', 'init.feedback.std', 'init.Q', 'init.qf']) {
      expect(config, key).toContain(`| \`${key}\` |`);
    }
    const cli = readFileSync(join(root, 'docs/cli.md'), 'utf8');
    for (const cmd of ['theory', 'simulate', 'compare', 'early', 'fig2', 'schema']) expect(cli, cmd).toContain(`## pepita-ode ${cmd}\n`);
    expect(cli).toContain('--set <key.path=value>');
  });

  it('rules.md covers every rule of the registry, averages.md every theory.averages value', () => {
    const rules = readFileSync(join(root, 'docs/rules.md'), 'utf8');
    for (const id of RULE_IDS) expect(rules, `rule ${id}`).toMatch(new RegExp(`^\\| \`${id}\` \\|`, 'm')); // a row of the table
    const averages = readFileSync(join(root, 'docs/averages.md'), 'utf8');
    for (const a of AVERAGES) expect(averages, `averages ${a}`).toMatch(new RegExp(`^## \`${a}\``, 'm'));
  });

  it('the link checker finds links and anchors (and would report a broken one)', () => {
    expect(markdownLinks('see [a](docs/x.md#y) and [b]: ../z.md\n`[c](no.md)`\n[b]: ../z.md')).toEqual(['docs/x.md#y', '../z.md']);
    expect([...headingAnchors('# pepita-ode fig2\n## The `init` kind: "weights"\n```\n# not a heading\n```')])
      .toEqual(['pepita-ode-fig2', 'the-init-kind-weights']);
  });

  it.each(pages)('every relative link in %s resolves inside the repository', (page) => {
    const text = readFileSync(join(root, page), 'utf8');
    const broken: string[] = [];
    for (const target of markdownLinks(text)) {
      if (isExternal(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(path));
      const inside = !relative(root, file).startsWith('..');
      if (!inside) broken.push(`${target}: outside the repository`);
      else if (!existsSync(file)) broken.push(`${target}: no such file`);
      else if (anchor && file.endsWith('.md') && !headingAnchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  it('README.md names no file outside the repository (e.g. the spec at ../shared/DESIGN.md)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.match(/(?:^|[\s(`'"])\.\.\/[^\s)`'"]*/gm) ?? []).toEqual([]);
  });
});
