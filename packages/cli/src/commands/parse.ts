import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  parsePlan,
  readDocument,
  type DocumentFormat,
  type PlanDraft,
  type TextEncoding,
} from '@luoshi/core';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from '../command.js';
import { planToText } from '../plan-text.js';

export const usage = `用法 Usage: luoshi parse FILE [--format json|text]

读取方案文件（.txt / .html / .docx；编码与格式按内容识别），输出结构化草稿。
Reads a plan file (.txt, .html or .docx; format and encoding detected from the content) and prints its draft.

  FILE             文件路径；"-" 为标准输入 / a path, or "-" for standard input
  --format text    供人阅读的条目树、单位、目标和诊断（默认）/ the tree, units, targets and diagnostics, for a person (default)
  --format json    JSON，见 docs/plan-draft.schema.json / JSON, see docs/plan-draft.schema.json

退出码 Exit codes: 0 成功 done; 1 有错误诊断 error diagnostics; 2 用法错误或文件无法打开 bad usage or file cannot be opened
`;

/** The CLI's JSON: the importer's draft, plus how the file was read. */
export interface ParseOutput extends PlanDraft {
  source: { file: string; format: DocumentFormat; encoding: TextEncoding | null };
}

type Format = 'json' | 'text';

function parseArgs(args: string[]): { file: string; format: Format } {
  let file: string | undefined;
  let format: Format = 'text';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    let value: string | undefined;
    if (a === '--format' || a === '-f') value = args[++i];
    else if (a.startsWith('--format=')) value = a.slice('--format='.length);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`未知选项 / unknown option: ${a}`);
    else if (file === undefined) {
      file = a;
      continue;
    } else throw new UsageError(`只能解析一个文件 / only one file can be parsed: ${a}`);
    if (value !== 'json' && value !== 'text')
      throw new UsageError(
        `--format 只能是 json 或 text / --format must be json or text, not ${value ?? '(nothing)'}`,
      );
    format = value;
  }
  if (file === undefined) throw new UsageError('缺少文件 / missing FILE');
  return { file, format };
}

function readInput(file: string, cwd: string): Uint8Array {
  if (file === '-') return new Uint8Array(readFileSync(0));
  const path = resolve(cwd, file);
  if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  return new Uint8Array(readFileSync(path));
}

function fileError(file: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? '文件不存在 / file not found'
      : code === 'EACCES' || code === 'EPERM'
        ? '没有读取权限 / permission denied'
        : code === 'EISDIR'
          ? '这是一个目录 / it is a directory'
          : `无法读取 / cannot read (${code ?? String(e)})`;
  return `luoshi parse: ${why}: ${file}\n`;
}

/** `luoshi parse FILE`: readDocument, then parsePlan; the reader's diagnostics come first. */
export function run(args: string[], ctx: CommandContext): Promise<number> {
  const { file, format } = parseArgs(args);
  let bytes: Uint8Array;
  try {
    bytes = readInput(file, ctx.cwd);
  } catch (e) {
    ctx.stderr(fileError(file, e));
    return Promise.resolve(EXIT_USAGE);
  }
  const read = readDocument(bytes, file);
  const draft = parsePlan(read.text);
  const output: ParseOutput = {
    ...draft,
    diagnostics: [...read.diagnostics, ...draft.diagnostics],
    source: { file, format: read.format, encoding: read.encoding },
  };
  ctx.stdout(format === 'json' ? `${JSON.stringify(output, null, 2)}\n` : planToText(output));
  return Promise.resolve(
    output.diagnostics.some((d) => d.severity === 'error') ? EXIT_INPUT_ERRORS : EXIT_OK,
  );
}
