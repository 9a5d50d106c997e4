import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { Kysely } from 'kysely';
import ExcelJS from 'exceljs';
import {
  CsvRecordParser,
  createFigureRowReader,
  type FigureCandidate,
  type FigureCell,
  type FigureRowReader,
} from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { audited, type Actor } from '../audit/audit.js';
import { nowIso } from '../db/dialect.js';
import { DomainError, type RowError } from '../errors/index.js';
import { areaIndex } from './area-index.js';
import './errors.js';
import {
  figuresRepository,
  PG_BATCH,
  SQLITE_BATCH,
  type FigureProvenance,
  type NewFigure,
} from './figures.repository.js';
import { mayEnterFigures, storeFigure, type FigureEditor } from './figures.service.js';
import { indicatorsRepository, type IndicatorView } from './indicators.repository.js';
import { withOwnConnection } from './pg-session.js';

export type FigureFileFormat = 'csv' | 'xlsx';

/** A figures file to import: its bytes as a stream (read once, front to back), its name and format. */
export interface FigureFile {
  format: FigureFileFormat;
  fileName: string | null;
  stream: Readable | AsyncIterable<Uint8Array>;
}

export interface FigureImportResult {
  imported: number;
  revisions: number;
  importId: number;
  fileHash: string;
}

/** At most this many bad rows are listed (with the total); a file of a million bad rows gives a readable answer. */
export const MAX_LISTED_ROW_ERRORS = 1000;

/** The format a file name says: .xlsx is a workbook, anything else is read as CSV. */
export function figureFileFormat(fileName: string | null | undefined): FigureFileFormat {
  return fileName && /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
}

/**
 * Imports a figures file, all or nothing, in one transaction: every row is read (every bad row reported with its
 * line and why), and the figures are stored only if none was bad. The file is streamed: rows are stored in
 * batches as they are read (multi-row INSERT on SQLite, COPY on PostgreSQL), so memory stays flat at any size;
 * the transaction is rolled back at the end when a row was bad. A row for an indicator, area and period that
 * already has a figure is a revision (see `storeFigure`). One audit row records the import, with its counts and the
 * file's SHA-256, not one row per figure.
 */
export async function importFigures(
  db: Kysely<Database>,
  actor: Actor,
  editor: FigureEditor,
  file: FigureFile,
  opts: { onProgress?: (bytes: number) => void } = {},
): Promise<FigureImportResult> {
  return withOwnConnection(db, (own, raw) =>
    // Not withTransaction: its retry would run the import again on a stream already read.
    own.transaction().execute(async (trx) => {
      const indicators = await indicatorsRepository.all(trx);
      const byId = new Map(indicators.map((x) => [x.id, x]));
      const provenance: FigureProvenance = {
        enteredBy: actor.userId,
        enteredByLabel: actor.label,
        enteredAt: nowIso(),
        importId: null,
      };
      provenance.importId = await figuresRepository.createImport(trx, {
        fileName: file.fileName,
        fileHash: '',
        format: file.format,
        provenance,
      });

      const errors: RowError[] = [];
      let errorCount = 0;
      const fail = (e: RowError) => {
        errorCount++;
        if (errors.length < MAX_LISTED_ROW_ERRORS) errors.push(e);
      };
      let imported = 0;
      let revisions = 0;
      const perIndicator = new Map<number, number>();
      const batchSize = raw.pg ? PG_BATCH : SQLITE_BATCH;
      let batch: NewFigure[] = [];
      // Rows for an indicator, area and period that has a figure in force (a revision, or a figure given twice)
      // are stored one by one, each decided by the core's rule. On PostgreSQL a COPY batch that meets one is
      // split in halves until those rows are found: a revision costs a few statements, not a batch row by row.
      const revise = async (rows: readonly NewFigure[]) => {
        for (const row of rows) if ((await storeFigure(trx, row, provenance)).revision) revisions++;
      };
      const store = async (rows: NewFigure[]): Promise<void> => {
        if (raw.sqlite) return revise(figuresRepository.insertEachIfNew(raw.sqlite, rows, provenance));
        if (rows.length <= 4) return revise(rows);
        if (await figuresRepository.copyBatchIfNew(trx, raw.pg, rows, provenance)) return;
        const mid = rows.length >> 1;
        await store(rows.slice(0, mid));
        await store(rows.slice(mid));
      };
      const flush = async () => {
        const rows = batch;
        batch = [];
        if (errorCount > 0 || rows.length === 0) return;
        await store(rows);
        imported += rows.length;
      };

      let reader: FigureRowReader | null = null;
      let headerSeen = false;
      const onRow = async (cells: readonly FigureCell[], line: number): Promise<void> => {
        if (!headerSeen) {
          headerSeen = true;
          const made = createFigureRowReader(cells, {
            indicators: importIndicators(indicators),
            areas: areaIndex(),
          });
          if (!made.ok) {
            for (const p of made.problems)
              fail({ line, ...(p.column ? { column: p.column } : {}), message: p.message });
            return;
          }
          reader = made.reader;
          return;
        }
        if (!reader) return;
        const r = reader.read(cells, line);
        if (r === null) return;
        if (!r.ok) {
          for (const p of r.problems)
            fail({ line, ...(p.column ? { column: p.column } : {}), message: p.message });
          return;
        }
        if (!owns(editor, byId.get(r.indicatorId)!, r, fail)) return;
        batch.push(toNewFigure(r));
        perIndicator.set(r.indicatorId, (perIndicator.get(r.indicatorId) ?? 0) + 1);
        if (batch.length >= batchSize) await flush();
      };

      const hash = createHash('sha256');
      let bytes = 0;
      const counted = async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of file.stream as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          bytes += chunk.length;
          opts.onProgress?.(bytes);
          yield chunk;
        }
      };
      if (file.format === 'xlsx') await readXlsx(counted(), onRow);
      else {
        const unterminated = await readCsv(counted(), onRow);
        if (unterminated !== null)
          fail({
            line: unterminated,
            message: {
              zh: `第 ${unterminated} 行：引号未闭合，文件在引号内结束`,
              en: `Line ${unterminated}: a quoted field is never closed; the file ends inside it`,
            },
          });
      }
      if (!headerSeen)
        fail({
          line: 1,
          message: { zh: '文件为空：缺少表头', en: 'The file is empty: there is no header row' },
        });
      await flush();
      const fileHash = hash.digest('hex');

      if (errorCount > 0) {
        const first = errors[0]!;
        throw new DomainError('FIGURE_IMPORT_INVALID', {
          message: {
            zh: `导入文件有 ${errorCount} 处错误，未导入任何数据。首个错误：${first.message.zh}`,
            en: `The file has ${errorCount} error(s); nothing was imported. First: ${first.message.en}`,
          },
          detail: errors
            .slice(0, 20)
            .map((e) => e.message.en)
            .join('; '),
          errors,
          errorCount,
        });
      }
      await figuresRepository.finishImport(trx, provenance.importId, { fileHash, rows: imported, revisions });
      await audited(trx, actor, {
        action: 'figure.import',
        entityType: 'figure_import',
        entityId: provenance.importId,
        after: {
          fileName: file.fileName,
          format: file.format,
          fileHash,
          bytes,
          rows: imported,
          revisions,
          rowsByIndicator: Object.fromEntries(
            [...perIndicator].map(([id, n]) => [byId.get(id)?.name ?? String(id), n]),
          ),
        },
      });
      return { imported, revisions, importId: provenance.importId, fileHash };
    }),
  );
}

function importIndicators(indicators: readonly IndicatorView[]) {
  return indicators.map((x) => ({ id: x.id, name: x.name, code: x.code, aliases: x.aliases, unit: x.unit }));
}

function owns(
  editor: FigureEditor,
  indicator: IndicatorView,
  r: FigureCandidate,
  fail: (e: RowError) => void,
): boolean {
  if (mayEnterFigures(editor, indicator)) return true;
  fail({
    line: r.line,
    column: 'indicator',
    message: {
      zh: `第 ${r.line} 行：指标“${indicator.name}”不由本单位负责，不能为其导入数据`,
      en: `Line ${r.line}: the indicator "${indicator.name}" is not owned by your unit; you cannot import its figures`,
    },
  });
  return false;
}

function toNewFigure(r: FigureCandidate): NewFigure {
  return {
    indicatorId: r.indicatorId,
    areaCode: r.areaKey,
    period: r.period,
    value: r.value,
    qualifier: r.qualifier,
    sourceUrl: r.sourceUrl,
    sourceDocument: r.sourceDocument,
    quote: r.quote,
  };
}

/**
 * Decodes a CSV byte stream (UTF-8, with or without a byte order mark; else GB18030, as Excel in Chinese saves
 * CSV) and hands each record to `onRow` in order. Returns the line of an unterminated quoted field, or null.
 */
async function readCsv(
  chunks: AsyncIterable<Uint8Array>,
  onRow: (cells: readonly FigureCell[], line: number) => Promise<void>,
): Promise<number | null> {
  let decoder: TextDecoder | null = null;
  const queue: [string[], number][] = [];
  const parser = new CsvRecordParser((cells, line) => queue.push([cells, line]));
  const drain = async () => {
    for (let i = 0; i < queue.length; i++) await onRow(queue[i]![0], queue[i]![1]);
    queue.length = 0;
  };
  for await (const chunk of chunks) {
    decoder ??= sniffDecoder(chunk);
    parser.push(decoder.decode(chunk, { stream: true }));
    await drain();
  }
  if (decoder) parser.push(decoder.decode());
  const end = parser.end();
  await drain();
  return end?.unterminatedQuoteLine ?? null;
}

/** UTF-8 when the first chunk is valid UTF-8 (a sequence cut at its end is fine), else GB18030. */
function sniffDecoder(first: Uint8Array): TextDecoder {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return new TextDecoder('utf-8');
  } catch {
    return new TextDecoder('gb18030');
  }
}

/** Reads the first worksheet of a workbook, streaming, handing each row's cells (by column) to `onRow`. */
async function readXlsx(
  chunks: AsyncIterable<Uint8Array>,
  onRow: (cells: readonly FigureCell[], line: number) => Promise<void>,
): Promise<void> {
  const input = new PassThrough();
  const feeding = (async () => {
    try {
      for await (const c of chunks) if (!input.write(c)) await new Promise((r) => input.once('drain', r));
      input.end();
    } catch (err) {
      input.destroy(err as Error);
    }
  })();
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: FigureCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
        await onRow(cells, row.number);
      }
      break; // the first worksheet only
    }
  } catch (err) {
    throw new DomainError('FIGURE_IMPORT_INVALID', {
      message: { zh: '无法读取该 XLSX 文件。', en: 'The XLSX file cannot be read.' },
      detail: err instanceof Error ? err.message : String(err),
    });
  } finally {
    input.resume();
    await feeding;
  }
}

/** A spreadsheet cell as text or a number: rich text joined, a formula's cached result, a date as YYYY-MM-DD. */
function cellOf(v: unknown): FigureCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellOf(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error !== undefined) return null;
  }
  return null;
}
