import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { PlanNodeDraft } from '@luoshi/core';
import type { ParseOutput } from './commands/parse.js';

// These tests run the built command line as a user does (`npm run build` first, as `npm test` does).
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repo, 'packages/cli/bin/luoshi.js');
const fixtures = join(repo, 'packages/core/fixtures');
const chengdu = join(fixtures, 'chengdu-ecommerce-plan-2013-2015.txt');

function luoshi(args: string[], input?: Uint8Array): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const schema = JSON.parse(readFileSync(join(repo, 'docs/plan-draft.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function parseJson(args: string[]): ParseOutput {
  const r = luoshi([
    'parse',
    ...args,
    ...(args.some((a) => a.startsWith('--format')) ? [] : ['--format', 'json']),
  ]);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as ParseOutput;
  expect(validate(out), JSON.stringify(validate.errors, null, 2)).toBe(true);
  expect(r.code).toBe(out.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
  return out;
}

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

describe('luoshi', () => {
  it('is built and linked as the workspace bin', () => {
    expect(existsSync(join(repo, 'packages/cli/dist/index.js')), 'run `npm run build` first').toBe(true);
    expect(realpathSync(join(repo, 'node_modules/.bin/luoshi'))).toBe(realpathSync(bin));
  });

  it('--help lists the commands and exits 0', () => {
    const r = luoshi(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('luoshi <command>');
    expect(r.stdout).toMatch(/^\s+parse\s+解析方案文件/m);
  });

  it('with no command, or an unknown one, prints the help on stderr and exits 2', () => {
    expect(luoshi([])).toMatchObject({ code: 2, stdout: '' });
    const r = luoshi(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command: frobnicate');
    expect(r.stderr).toContain('parse');
  });

  it('--version names the package version', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    expect(luoshi(['--version'])).toMatchObject({ code: 0, stdout: `luoshi ${version}\n` });
  });
});

describe('luoshi parse: usage and file errors exit 2 with a message', () => {
  it('a missing file', () => {
    const r = luoshi(['parse', 'no/such/plan.txt']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('luoshi parse: 文件不存在 / file not found: no/such/plan.txt\n');
  });

  it('a directory', () => {
    const r = luoshi(['parse', 'packages']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('directory');
  });

  it('no file, two files, an unknown option, a bad format', () => {
    for (const args of [
      [],
      [chengdu, chengdu],
      [chengdu, '--verbose'],
      [chengdu, '--format', 'xml'],
      [chengdu, '--format'],
    ]) {
      const r = luoshi(['parse', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Usage: luoshi parse FILE');
    }
  });

  it('parse --help prints the usage and exits 0', () => {
    const r = luoshi(['parse', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format json|text');
  });
});

describe('luoshi parse: the JSON contract', () => {
  it('the Chengdu plan gives JSON valid against docs/plan-draft.schema.json, with how it was read', () => {
    const out = parseJson([chengdu]);
    expect(out.source).toEqual({ file: chengdu, format: 'txt', encoding: 'utf-8' });
    expect(parseJson([chengdu, '--format=json'])).toEqual(out);
  });

  it('every reader fixture gives valid JSON and the same plan as the UTF-8 text', () => {
    const base = parseJson([chengdu]);
    const summary = (o: ParseOutput): unknown => ({
      title: o.title,
      period: o.period,
      units: o.units,
      supportUnits: o.supportUnits,
      tree: [...walk(o.nodes)].map((n) => [n.label, n.title, n.leadUnits, n.supportUnits]),
      targets: o.targets.map((t) => [
        t.indicator,
        t.comparator,
        t.value,
        t.unit,
        t.deadlineYear,
        t.cumulative,
      ]),
    });
    const expected = {
      'gbk.txt': ['txt', 'gb18030'],
      'utf16be.txt': ['txt', 'utf-16be'],
      'gbk.html': ['html', 'gb18030'],
      docx: ['docx', null],
    } as const;
    for (const [suffix, [format, encoding]] of Object.entries(expected)) {
      const out = parseJson([join(fixtures, `readers/chengdu.${suffix}`)]);
      expect(out.source, suffix).toMatchObject({ format, encoding });
      expect(summary(out), suffix).toEqual(summary(base));
    }
  });

  it('reads standard input for "-"', () => {
    const r = luoshi(
      ['parse', '-', '--format', 'json'],
      readFileSync(join(fixtures, 'readers/chengdu.gbk.txt')),
    );
    const out = JSON.parse(r.stdout) as ParseOutput;
    expect(validate(out)).toBe(true);
    expect(out.source).toEqual({ file: '-', format: 'txt', encoding: 'gb18030' });
    expect(out.title).toBe(parseJson([chengdu]).title);
  });

  it('a file that is no document still gives valid JSON, with the reader error, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-cli-'));
    const file = join(dir, 'plan.docx');
    writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]));
    const r = luoshi(['parse', file, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ParseOutput;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.diagnostics[0]).toMatchObject({ severity: 'error', code: 'DOCX_INVALID_ZIP', span: null });
  });
});

describe('luoshi parse --format text', () => {
  it('shows the tree indented, each item with its units, then units, targets and diagnostics', () => {
    const out = parseJson([chengdu]);
    const r = luoshi(['parse', chengdu, '--format', 'text']);
    expect(r.code).toBe(out.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    const text = r.stdout;
    // Text is what a person at a terminal gets by default.
    expect(luoshi(['parse', chengdu]).stdout).toBe(text);
    const lines = text.split('\n');
    expect(lines[0]).toBe(out.title || '（无标题 / no title）');
    expect(text).toContain(
      out.period ? `期限 period: ${out.period.from}–${out.period.to}` : '期限 period: —',
    );
    // Each node is a line, indented two spaces per level, in document order; its units follow it.
    let from = 0;
    const visit = (nodes: readonly PlanNodeDraft[], depth: number): void => {
      for (const n of nodes) {
        const line = `${'  '.repeat(depth)}${`${n.label}${n.title}`.trim() || `(${n.kind})`}`;
        const at = lines.findIndex((l, i) => i >= from && l === line);
        expect(at, line).toBeGreaterThanOrEqual(from);
        from = at + 1;
        if (n.leadUnits.length > 0)
          expect(lines[from++]).toBe(`${'  '.repeat(depth)}    牵头 lead: ${n.leadUnits.join('、')}`);
        if (n.supportUnits.length > 0)
          expect(lines[from++]).toBe(`${'  '.repeat(depth)}    配合 support: ${n.supportUnits.join('、')}`);
        visit(n.children, depth + 1);
      }
    };
    visit(out.nodes, 1);
    expect(text).toContain(`牵头单位 lead units (${out.units.length}): ${out.units.join('、') || '—'}`);
    expect(text).toContain(`目标 targets (${out.targets.length}):`);
    for (const t of out.targets) expect(text).toContain(`— “${t.text}”`);
    for (const d of out.diagnostics) expect(text).toContain(`${d.code}`);
  });

  it('writes target values the way plans write them (the core formatter)', () => {
    const text = luoshi(['parse', chengdu, '--format', 'text']).stdout;
    expect(text).toContain('电子商务交易额 > 6000亿元 (2015)');
    expect(text).toContain('移动电子商务本土用户数量 > 500万户 (2015) 累计 cumulative');
    expect(text).toContain('中小企业电子商务应用普及率 ≥ 70% (2015)');
  });

  it("prints each item's deadline in the text output and in JSON valid against the schema", () => {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-deadline-'));
    const file = join(dir, 'plan.txt');
    writeFileSync(
      file,
      '某市实施方案\n一、重点任务\n（一）建设平台。2020年底前建成平台（市商务局牵头）。\n（二）开展评估。定期评估（市统计局负责，每年）。\n',
    );
    const json = parseJson([file]);
    const items = json.nodes[0]!.children;
    expect(items.map((n) => n.deadline?.kind)).toEqual(['date', 'recurring']);
    const r = luoshi(['parse', file]);
    expect(r.stdout).toContain('时限 deadline: 2020 (2020年底前)');
    expect(r.stdout).toContain('时限 deadline: 每年 yearly (每年)');
  });
});
