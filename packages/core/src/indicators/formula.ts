/**
 * A small, safe expression language for indicators computed from other indicators:
 * `网络零售额 / 社会消费品零售总额 * 100`. Numbers, `+ - * /`, parentheses, unary minus, and references to
 * indicators by name or code (a bare word: `网络零售额`, `EC_TOTAL`), by name in brackets when it holds spaces,
 * operators or starts with a digit (`[5G基站数]`, `【B2B-交易额】`), or by id (`#12`). Full-width forms people
 * type in Chinese input (（）＋－×÷) are accepted. Nothing is executed: the text is parsed to a tree and the tree is
 * evaluated with values the caller supplies.
 */
import type { LocalizedText, Span } from '../types.js';

/** A reference to another indicator: by id (`#12`) or by name or code (resolved by the caller). */
export type FormulaRef = { by: 'id'; id: number } | { by: 'name'; name: string };

export type FormulaNode =
  | { type: 'number'; value: number; span: Span }
  | { type: 'ref'; ref: FormulaRef; span: Span }
  | { type: 'negate'; operand: FormulaNode; span: Span }
  | { type: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode; span: Span };

export type FormulaErrorCode =
  | 'FORMULA_EMPTY'
  | 'FORMULA_TOO_LONG'
  | 'FORMULA_TOO_DEEP'
  | 'FORMULA_UNEXPECTED_CHARACTER'
  | 'FORMULA_UNEXPECTED_END'
  | 'FORMULA_EXPECTED_OPERAND'
  | 'FORMULA_EXPECTED_OPERATOR'
  | 'FORMULA_UNCLOSED_PARENTHESIS'
  | 'FORMULA_UNCLOSED_BRACKET'
  | 'FORMULA_EMPTY_REFERENCE'
  | 'FORMULA_BAD_NUMBER';

export interface FormulaError {
  code: FormulaErrorCode;
  message: LocalizedText;
  span: Span;
}

export type FormulaParseResult =
  { ok: true; ast: FormulaNode; references: FormulaRef[] } | { ok: false; error: FormulaError };

/** Longer formulas are refused: an indicator formula is a line, and the limit bounds parsing work. */
export const MAX_FORMULA_LENGTH = 2000;
/** Deeper nesting is refused, so that a crafted formula cannot exhaust the stack of the recursive parser. */
export const MAX_FORMULA_DEPTH = 64;

type TokenType = 'number' | 'ref' | 'op' | 'lparen' | 'rparen';
interface Token {
  type: TokenType;
  text: string;
  value: number;
  ref: FormulaRef | null;
  span: Span;
}

const FOLD: Record<string, string> = {
  '（': '(',
  '）': ')',
  '＋': '+',
  '－': '-',
  '—': '-',
  '−': '-',
  '＊': '*',
  '×': '*',
  '·': '*',
  '／': '/',
  '÷': '/',
  '＃': '#',
};
const OPERATORS = '+-*/';
const CLOSING: Record<string, string> = { '[': ']', '【': '】', '［': '］' };
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000' || c === '\u00a0';
}

function fold(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xfee0); // full-width digits
  if (code === 0xff0e) return '.';
  return FOLD[c] ?? c;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Characters that may not appear in a formula outside brackets. */
const STRAY = new Set([']', '】', '］', ',', '，', '%', '％', '=', '<', '>']);

/** Characters that end a bare reference. */
function endsWord(c: string): boolean {
  return (
    isSpace(c) || OPERATORS.includes(c) || c === '(' || c === ')' || c === '#' || c in CLOSING || STRAY.has(c)
  );
}

function error(code: FormulaErrorCode, span: Span, zh: string, en: string): FormulaError {
  return { code, span, message: { zh, en } };
}

/** Carries a FormulaError out of the recursive parser; `parseFormula` turns it back into a result. */
class FormulaSyntaxError extends Error {
  constructor(readonly detail: FormulaError) {
    super(detail.message.en);
  }
}

function fail(code: FormulaErrorCode, span: Span, zh: string, en: string): never {
  throw new FormulaSyntaxError(error(code, span, zh, en));
}

function tokenize(text: string): Token[] | FormulaError {
  const tokens: Token[] = [];
  const chars = Array.from(text, fold);
  // Offsets in UTF-16 units, so that spans index the original text even past astral characters.
  const offsets: number[] = [];
  let offset = 0;
  for (const c of Array.from(text)) {
    offsets.push(offset);
    offset += c.length;
  }
  offsets.push(offset);
  let i = 0;
  const at = (k: number): number => offsets[k]!;
  while (i < chars.length) {
    const c = chars[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(chars[i + 1] ?? ''))) {
      const rest = chars.slice(i).join('');
      const m = NUMBER.exec(rest)!;
      i += m[0].length;
      if (i < chars.length && (isDigit(chars[i]!) || chars[i] === '.' || !endsWord(chars[i]!))) {
        while (i < chars.length && !endsWord(chars[i]!)) i++;
        const bad = chars.slice(start, i).join('');
        return error(
          'FORMULA_BAD_NUMBER',
          [at(start), at(i)],
          `第 ${start + 1} 个字符处的“${bad}”不是数值；以数字开头的指标名称请加方括号，如 [${bad}]`,
          `"${bad}" at position ${start + 1} is not a number; put an indicator name that starts with a digit in brackets: [${bad}]`,
        );
      }
      tokens.push({ type: 'number', text: m[0], value: Number(m[0]), ref: null, span: [at(start), at(i)] });
      continue;
    }
    if (OPERATORS.includes(c)) {
      tokens.push({ type: 'op', text: c, value: 0, ref: null, span: [at(i), at(i + 1)] });
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({
        type: c === '(' ? 'lparen' : 'rparen',
        text: c,
        value: 0,
        ref: null,
        span: [at(i), at(i + 1)],
      });
      i++;
      continue;
    }
    if (c === '#') {
      i++;
      while (i < chars.length && isDigit(chars[i]!)) i++;
      const digits = chars.slice(start + 1, i).join('');
      if (digits === '') {
        return error(
          'FORMULA_EMPTY_REFERENCE',
          [at(start), at(i)],
          `第 ${start + 1} 个字符的“#”后应为指标编号`,
          `"#" at position ${start + 1} must be followed by an indicator id`,
        );
      }
      tokens.push({
        type: 'ref',
        text: `#${digits}`,
        value: 0,
        ref: { by: 'id', id: Number(digits) },
        span: [at(start), at(i)],
      });
      continue;
    }
    const closing = CLOSING[c];
    if (closing !== undefined) {
      const close = chars.indexOf(closing, i + 1);
      const alt = c === '[' ? chars.indexOf('］', i + 1) : -1;
      const end = close >= 0 ? close : alt;
      if (end < 0) {
        return error(
          'FORMULA_UNCLOSED_BRACKET',
          [at(start), at(chars.length)],
          `第 ${start + 1} 个字符的“${c}”没有对应的“${closing}”`,
          `The "${c}" at position ${start + 1} is never closed with "${closing}"`,
        );
      }
      // The name as typed (not folded: a name may contain full-width characters).
      const name = text.slice(at(i + 1), at(end)).trim();
      if (name === '') {
        return error(
          'FORMULA_EMPTY_REFERENCE',
          [at(start), at(end + 1)],
          `第 ${start + 1} 个字符处的方括号中没有指标名称`,
          `The brackets at position ${start + 1} hold no indicator name`,
        );
      }
      tokens.push({
        type: 'ref',
        text: name,
        value: 0,
        ref: { by: 'name', name },
        span: [at(start), at(end + 1)],
      });
      i = end + 1;
      continue;
    }
    if (STRAY.has(c)) {
      return error(
        'FORMULA_UNEXPECTED_CHARACTER',
        [at(i), at(i + 1)],
        `第 ${i + 1} 个字符“${text.slice(at(i), at(i + 1))}”不能用在公式中`,
        `Unexpected character "${text.slice(at(i), at(i + 1))}" at position ${i + 1}`,
      );
    }
    while (i < chars.length && !endsWord(chars[i]!)) i++;
    const name = text.slice(at(start), at(i));
    tokens.push({ type: 'ref', text: name, value: 0, ref: { by: 'name', name }, span: [at(start), at(i)] });
  }
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): FormulaNode {
    const node = this.expression();
    const next = this.tokens[this.pos];
    if (next) {
      if (next.type === 'rparen') {
        fail(
          'FORMULA_UNEXPECTED_CHARACTER',
          next.span,
          `第 ${next.span[0] + 1} 个字符的“)”没有对应的“(”`,
          `The ")" at position ${next.span[0] + 1} has no matching "("`,
        );
      }
      fail(
        'FORMULA_EXPECTED_OPERATOR',
        next.span,
        `第 ${next.span[0] + 1} 个字符处的“${next.text}”前缺少运算符（+ - * /）`,
        `An operator (+ - * /) is missing before "${next.text}" at position ${next.span[0] + 1}`,
      );
    }
    return node;
  }

  private expression(): FormulaNode {
    if (++this.depth > MAX_FORMULA_DEPTH) {
      const t = this.tokens[this.pos];
      fail(
        'FORMULA_TOO_DEEP',
        t ? t.span : [this.length, this.length],
        `公式嵌套超过 ${MAX_FORMULA_DEPTH} 层`,
        `The formula nests more than ${MAX_FORMULA_DEPTH} levels deep`,
      );
    }
    let left = this.term();
    for (
      let t = this.tokens[this.pos];
      t && t.type === 'op' && (t.text === '+' || t.text === '-');
      t = this.tokens[this.pos]
    ) {
      this.pos++;
      const right = this.term();
      left = { type: 'binary', op: t.text, left, right, span: [left.span[0], right.span[1]] };
    }
    this.depth--;
    return left;
  }

  private term(): FormulaNode {
    let left = this.factor();
    for (
      let t = this.tokens[this.pos];
      t && t.type === 'op' && (t.text === '*' || t.text === '/');
      t = this.tokens[this.pos]
    ) {
      this.pos++;
      const right = this.factor();
      left = { type: 'binary', op: t.text, left, right, span: [left.span[0], right.span[1]] };
    }
    return left;
  }

  private factor(): FormulaNode {
    const t = this.tokens[this.pos];
    if (!t) {
      fail(
        'FORMULA_UNEXPECTED_END',
        [this.length, this.length],
        '公式不完整：末尾缺少数值或指标',
        'The formula ends too early: a number or an indicator is missing at the end',
      );
    }
    if (t.type === 'op' && (t.text === '-' || t.text === '+')) {
      this.pos++;
      if (++this.depth > MAX_FORMULA_DEPTH) {
        fail(
          'FORMULA_TOO_DEEP',
          t.span,
          `公式嵌套超过 ${MAX_FORMULA_DEPTH} 层`,
          `The formula nests more than ${MAX_FORMULA_DEPTH} levels deep`,
        );
      }
      const operand = this.factor();
      this.depth--;
      return t.text === '+' ? operand : { type: 'negate', operand, span: [t.span[0], operand.span[1]] };
    }
    this.pos++;
    switch (t.type) {
      case 'number':
        return { type: 'number', value: t.value, span: t.span };
      case 'ref':
        return { type: 'ref', ref: t.ref!, span: t.span };
      case 'lparen': {
        const inner = this.expression();
        const close = this.tokens[this.pos];
        if (!close || close.type !== 'rparen') {
          fail(
            'FORMULA_UNCLOSED_PARENTHESIS',
            [t.span[0], close ? close.span[0] : this.length],
            `第 ${t.span[0] + 1} 个字符的“(”没有对应的“)”`,
            `The "(" at position ${t.span[0] + 1} is never closed`,
          );
        }
        this.pos++;
        return inner;
      }
      case 'op':
      case 'rparen':
        fail(
          'FORMULA_EXPECTED_OPERAND',
          t.span,
          `第 ${t.span[0] + 1} 个字符处应为数值、指标或“(”，而不是“${t.text}”`,
          `Expected a number, an indicator or "(" at position ${t.span[0] + 1}, not "${t.text}"`,
        );
    }
  }
}

/** The distinct references of a formula tree, in order of first appearance. */
export function formulaReferences(ast: FormulaNode): FormulaRef[] {
  const out: FormulaRef[] = [];
  const seen = new Set<string>();
  const walk = (n: FormulaNode): void => {
    switch (n.type) {
      case 'number':
        return;
      case 'ref': {
        const key = formulaRefKey(n.ref);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(n.ref);
        }
        return;
      }
      case 'negate':
        return walk(n.operand);
      case 'binary':
        walk(n.left);
        walk(n.right);
    }
  };
  walk(ast);
  return out;
}

/** A reference as one string (`#12` or the name), for maps and messages. */
export function formulaRefKey(ref: FormulaRef): string {
  return ref.by === 'id' ? `#${ref.id}` : ref.name;
}

/**
 * Parses a formula. Never throws: a bad formula gives an error with a stable code, a zh/en message naming the
 * position (1-based, in characters) and the span (UTF-16 offsets) to underline.
 */
export function parseFormula(text: string): FormulaParseResult {
  if (text.length > MAX_FORMULA_LENGTH) {
    return {
      ok: false,
      error: error(
        'FORMULA_TOO_LONG',
        [MAX_FORMULA_LENGTH, text.length],
        `公式超过 ${MAX_FORMULA_LENGTH} 个字符`,
        `The formula is longer than ${MAX_FORMULA_LENGTH} characters`,
      ),
    };
  }
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { ok: false, error: tokens };
  if (tokens.length === 0) {
    return { ok: false, error: error('FORMULA_EMPTY', [0, text.length], '公式为空', 'The formula is empty') };
  }
  try {
    const ast = new Parser(tokens, text.length).parse();
    return { ok: true, ast, references: formulaReferences(ast) };
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return { ok: false, error: e.detail };
    throw e;
  }
}

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;
function printRef(ref: FormulaRef): string {
  if (ref.by === 'id') return `#${ref.id}`;
  // A name prints bare when the tokenizer would read it back as that one name; else it goes in brackets.
  const tokens = tokenize(ref.name);
  const bare =
    Array.isArray(tokens) && tokens.length === 1 && tokens[0]!.type === 'ref' && tokens[0]!.text === ref.name;
  if (bare && ref.name.trim() === ref.name) return ref.name;
  return ref.name.includes(']') ? `【${ref.name}】` : `[${ref.name}]`;
}

/**
 * The formula as text, with only the parentheses its structure needs (`a - (b - c)` keeps them, `(a * b) + c`
 * loses them). Parsing the result gives back the same tree.
 */
export function formatFormula(ast: FormulaNode): string {
  const print = (n: FormulaNode): string => {
    switch (n.type) {
      case 'number':
        return String(n.value);
      case 'ref':
        return printRef(n.ref);
      case 'negate':
        return n.operand.type === 'binary' ? `-(${print(n.operand)})` : `-${print(n.operand)}`;
      case 'binary': {
        const p = PRECEDENCE[n.op];
        const left =
          n.left.type === 'binary' && PRECEDENCE[n.left.op] < p ? `(${print(n.left)})` : print(n.left);
        // The parser is left-associative, so an equal-precedence right operand keeps its parentheses.
        const right =
          n.right.type === 'binary' && PRECEDENCE[n.right.op] <= p ? `(${print(n.right)})` : print(n.right);
        return `${left} ${n.op} ${right}`;
      }
    }
  };
  return print(ast);
}
