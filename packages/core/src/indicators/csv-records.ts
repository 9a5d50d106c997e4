/**
 * A streaming CSV record splitter (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF),
 * pure so that the CLI (reading a file in chunks), the server (an upload stream) and the browser (a dropped file)
 * split figure files the same way before `createFigureRowReader` reads the rows. Each record comes with the line it
 * starts on, for error messages. Chunks may split anywhere, even inside a quoted field or between CR and LF.
 */

/** Receives each record's cells and the 1-based line the record starts on. */
export type CsvRecordSink = (cells: string[], line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

// Parser states (plain numbers: the loop runs once per character of a million-row file).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: the field's end, or the first of a doubled quote. */
const QUOTE_IN_QUOTED = 3;

/**
 * Splits CSV text pushed in chunks into records: `push` each chunk, then `end`. Records go to the sink as they
 * complete, so a file of any size is read in constant memory.
 */
export class CsvRecordParser {
  private mode = FIELD_START;
  /** The last character was a CR (so that a following LF, even in the next chunk, is not a second line). */
  private prevCr = false;
  /** Text of the current field carried over from earlier chunks or quote segments. */
  private partial = '';
  private record: string[] = [];
  private line = 1;
  private recordLine = 1;
  private skipLf = false;
  private first = true;
  private readonly delimiter: number;

  /** `delimiter`: one character, `,` by default (`\t` for tab-separated files). */
  constructor(
    private readonly onRecord: CsvRecordSink,
    delimiter = ',',
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Feeds the next piece of text. */
  push(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    if (this.first && n > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
    }
    let segStart = i;
    const delim = this.delimiter;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          segStart = i + 1;
          this.prevCr = false;
          continue;
        }
      }
      switch (this.mode) {
        case FIELD_START:
          if (c === QUOTE) {
            this.mode = QUOTED;
            segStart = i + 1;
          } else if (c === delim) {
            this.record.push('');
          } else if (c === LF || c === CR) {
            this.record.push('');
            this.endRecord(c);
          } else {
            this.mode = UNQUOTED;
            segStart = i;
          }
          break;
        case UNQUOTED:
          if (c === delim) {
            this.record.push(this.take(chunk, segStart, i));
            this.mode = FIELD_START;
          } else if (c === LF || c === CR) {
            this.record.push(this.take(chunk, segStart, i));
            this.mode = FIELD_START;
            this.endRecord(c);
          }
          break;
        case QUOTED:
          if (c === QUOTE) {
            this.partial += chunk.slice(segStart, i);
            this.mode = QUOTE_IN_QUOTED;
          } else if (c === CR || (c === LF && !this.prevCr)) {
            this.line++;
          }
          break;
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            this.partial += '"';
            this.mode = QUOTED;
            segStart = i + 1;
          } else if (c === delim) {
            this.record.push(this.take(chunk, i, i));
            this.mode = FIELD_START;
          } else if (c === LF || c === CR) {
            this.record.push(this.take(chunk, i, i));
            this.mode = FIELD_START;
            this.endRecord(c);
          } else {
            // Text after a closing quote (`"a"b`): kept as written, as spreadsheet programs do.
            this.mode = UNQUOTED;
            segStart = i;
          }
          break;
      }
      this.prevCr = c === CR;
    }
    if (this.mode === UNQUOTED || this.mode === QUOTED) this.partial += chunk.slice(segStart, n);
  }

  /**
   * Ends the input: emits the last record if the text does not end with a line break. Returns the line of an
   * unterminated quoted field (the record is still emitted with what was read), or null.
   */
  end(): { unterminatedQuoteLine: number } | null {
    const unterminated = this.mode === QUOTED ? { unterminatedQuoteLine: this.recordLine } : null;
    if (this.mode !== FIELD_START || this.record.length > 0) {
      this.record.push(this.partial);
      this.partial = '';
      this.mode = FIELD_START;
      this.emit();
    }
    return unterminated;
  }

  private take(chunk: string, from: number, to: number): string {
    if (this.partial === '') return chunk.slice(from, to);
    const s = this.partial + chunk.slice(from, to);
    this.partial = '';
    return s;
  }

  private endRecord(c: number): void {
    this.emit();
    this.line++;
    this.recordLine = this.line;
    if (c === CR) this.skipLf = true;
  }

  private emit(): void {
    const cells = this.record;
    this.record = [];
    this.onRecord(cells, this.recordLine);
  }
}
