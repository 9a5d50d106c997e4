/**
 * Request generation for the OpenAPI fuzz test (openapi/fuzz.test.ts): from an operation in the OpenAPI
 * document, a deterministic list of requests — a valid one, then wrong types, out-of-range numbers, NUL
 * characters, unpaired surrogates, invalid UTF-8, huge and deep bodies, malformed JSON and malformed multipart.
 */

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same requests on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, `/api/v1/plans/{id}`. */
  path: string;
  parameters: Parameter[];
  json?: JsonSchema;
  multipart: boolean;
}

/** One request to send: the URL is already encoded; the payload is raw bytes or a JSON-serialisable value. */
export interface FuzzRequest {
  /** What the case tries, for failure messages. */
  label: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Every operation of an OpenAPI 3 document. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      };
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        json: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return ops;
}

/** Strings tried, in order, for a schema with a `pattern` (the API's patterns: usernames, draft item paths). */
const PATTERN_CANDIDATES = ['fuzz_user', '0.0', '0', '1', 'a'];

/**
 * A valid instance of a schema (as far as these schemas go): required properties plus every optional one,
 * strings within their lengths and patterns, numbers within their range, the first alternative of a union.
 */
export function validInstance(schema: JsonSchema, resolve: (ref: string) => JsonSchema, depth = 0): unknown {
  if (typeof schema.$ref === 'string') return validInstance(resolve(schema.$ref), resolve, depth + 1);
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) {
    const nonNull = alternatives.find((s) => s.type !== 'null') ?? alternatives[0]!;
    return validInstance(nonNull, resolve, depth);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const [name, child] of Object.entries(props)) {
        if (depth > 4) break;
        out[name] = validInstance(child, resolve, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items = (schema.items ?? {}) as JsonSchema;
      return Array.from({ length: min }, () => validInstance(items, resolve, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 1;
      return Math.max(min, 1);
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string':
    default: {
      if (typeof schema.pattern === 'string') {
        const re = new RegExp(schema.pattern);
        return PATTERN_CANDIDATES.find((c) => re.test(c)) ?? 'a';
      }
      if (schema.format === 'binary') return 'x';
      if (schema.format === 'date') return '2020-06-30';
      if (schema.format === 'date-time') return '2020-06-30T00:00:00.000Z';
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      return `模糊测试${'x'.repeat(Math.max(0, min + 8 - 4))}`;
    }
  }
}

/** Values of the wrong type or out of range, for any field: the fuzz's "bad values". */
export function badValues(r: () => number): unknown[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  return [
    2 ** 31,
    1e308,
    -1,
    0,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    'a\u0000b',
    '\uD800',
    '',
    'x'.repeat(256 * 1024),
    null,
    true,
    [],
    {},
    [pick(['a', 1, null])],
    { nested: { deeper: ['\u0000'] } },
    pick(['<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '=1+1']),
  ];
}

/** Path parameter values that are wrong in every way a URL can be. */
export const BAD_PATH_VALUES = [
  '0',
  '-1',
  '2147483648',
  '1e308',
  '99999999999999999999999',
  'abc',
  '1.5',
  '%00',
  '1%00',
  '%FF',
  '%E0%A4%A',
  '%',
  encodeURIComponent('单位'),
  '1'.repeat(150),
];

/** Query values likewise. */
export const BAD_QUERY_VALUES = [
  '2147483648',
  '1e308',
  '-1',
  'abc',
  '%00',
  'a%00b',
  '%FF',
  '%',
  'x'.repeat(5000),
];

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Raw JSON bodies that are not valid JSON, not UTF-8, empty, nested too deep or over the size limit. */
export function rawBodies(
  bodyLimit: number,
  withHuge: boolean,
): [string, Record<string, string>, string | Buffer][] {
  const deep = 100_000;
  const cases: [string, Record<string, string>, string | Buffer][] = [
    ['malformed JSON', JSON_HEADERS, '{"a":'],
    ['empty JSON body', JSON_HEADERS, ''],
    [
      'invalid UTF-8',
      JSON_HEADERS,
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ],
    [
      'overlong UTF-8',
      JSON_HEADERS,
      Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    ],
    ['deep arrays', JSON_HEADERS, '['.repeat(deep) + ']'.repeat(deep)],
    ['deep objects', JSON_HEADERS, '{"a":'.repeat(deep) + '1' + '}'.repeat(deep)],
    ['a prototype key', JSON_HEADERS, '{"__proto__":{"admin":true}}'],
    ['a JSON array', JSON_HEADERS, '[1,2,3]'],
    ['a JSON string', JSON_HEADERS, '"text"'],
    ['text/plain', { 'content-type': 'text/plain' }, 'hello'],
    ['an unknown type', { 'content-type': 'application/x-fuzz' }, 'hello'],
  ];
  if (withHuge) cases.push(['a body over the limit', JSON_HEADERS, `{"a":"${'x'.repeat(bodyLimit)}"}`]);
  return cases;
}

const B = 'fuzz-boundary';
const part = (name: string, value: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (fileName: string, content: string | Buffer) =>
  Buffer.concat([
    Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
const end = Buffer.from(`--${B}--\r\n`);

/** Multipart bodies: valid, and malformed in each way an upload can be. */
export function multipartBodies(): [string, Record<string, string>, Buffer][] {
  const type = { 'content-type': `multipart/form-data; boundary=${B}` };
  const plan = '模糊测试方案\n一、主要任务\n（一）第一项任务。（牵头单位：模糊测试单位）\n';
  return [
    ['a valid upload', type, Buffer.concat([filePart('plan.txt', plan), end])],
    ['no boundary', { 'content-type': 'multipart/form-data' }, Buffer.concat([filePart('a.txt', plan), end])],
    [
      'a boundary over 256 bytes',
      { 'content-type': `multipart/form-data; boundary=${'b'.repeat(300)}` },
      Buffer.from('x'),
    ],
    ['truncated in a file', type, filePart('a.txt', plan).subarray(0, 80)],
    ['truncated in a header', type, Buffer.from(`--${B}\r\nContent-Disposition: form-da`)],
    [
      'too many fields',
      type,
      Buffer.concat([Buffer.from(Array.from({ length: 40 }, (_, i) => part(`f${i}`, 'v')).join('')), end]),
    ],
    ['two files', type, Buffer.concat([filePart('a.txt', plan), filePart('b.txt', plan), end])],
    [
      'a huge planId',
      type,
      Buffer.concat([Buffer.from(part('planId', '2147483648')), filePart('a.txt', plan), end]),
    ],
    [
      'planId 1e308',
      type,
      Buffer.concat([Buffer.from(part('planId', '1e308')), filePart('a.txt', plan), end]),
    ],
    [
      'a NUL planId',
      type,
      Buffer.concat([Buffer.from(part('planId', '1\u0000')), filePart('a.txt', plan), end]),
    ],
    ['a NUL file name', type, Buffer.concat([filePart('a\u0000.txt', plan), end])],
    ['a long file name', type, Buffer.concat([filePart(`${'n'.repeat(400)}.txt`, plan), end])],
    [
      'binary content',
      type,
      Buffer.concat([filePart('a.bin', Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0])), end]),
    ],
    [
      'invalid UTF-8 text',
      type,
      Buffer.concat([filePart('a.txt', Buffer.from([0xe4, 0xb8, 0x80, 0xff, 0x0a])), end]),
    ],
    ['NUL in text', type, Buffer.concat([filePart('a.txt', `${plan}\u0000\u0000`), end])],
    ['no file', type, end],
    ['a prototype field', type, Buffer.concat([Buffer.from(part('__proto__', 'x')), end])],
    ['garbage', type, Buffer.from('garbage garbage garbage')],
    ['empty', type, Buffer.alloc(0)],
  ];
}
