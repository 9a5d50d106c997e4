import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../errors/index.js';

/** JSON is UTF-8 (RFC 8259); `fatal` makes a malformed byte an error instead of a silent U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How deeply a JSON body may nest. The API's deepest body is three levels; V8's JSON.parse takes seconds on a
 * body that is only brackets (16 s for 10 MiB of them), blocking every other request, so depth is checked first.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests arrays/objects deeper than `max`: one linear pass that skips string contents. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Half of a UTF-16 surrogate pair: only a JSON escape such as `\uD800` makes one; it is no character. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every JSON string, key, query value and path parameter the API accepts, checked for NUL characters (and
 * unpaired surrogates, which would be stored as U+FFFD) without recursion (a deeply nested body must not exhaust the stack). PostgreSQL cannot store NUL in text, SQLite
 * truncates at it in places, and no legitimate input of this API contains one; so they are refused with 400
 * rather than failing (or being cut short) in the database.
 */
function findBadText(root: unknown, base: string, limit = 20): FieldError[] {
  const found: FieldError[] = [];
  const stack: [unknown, string][] = [[root, base]];
  while (stack.length > 0 && found.length < limit) {
    const [value, where] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) found.push({ path: where, message: 'must not contain NUL characters' });
      else if (LONE_SURROGATE.test(value)) {
        found.push({ path: where, message: 'must be valid Unicode (no unpaired surrogate)' });
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${where}/${i}`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
        if (key.includes('\0')) {
          found.push({
            path: `${where}/${escaped}`,
            message: 'a field name must not contain NUL characters',
          });
        }
        stack.push([child, `${where}/${escaped}`]);
      }
    }
  }
  return found;
}

/** Throws 400 VALIDATION_FAILED naming each field that holds a NUL character or an unpaired surrogate. */
function refuseBadText(request: FastifyRequest): void {
  const errors = [
    ...findBadText(request.params, '/params'),
    ...findBadText(request.query, '/querystring'),
    ...findBadText(request.body, '/body'),
  ];
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
}

/**
 * Input boundaries every route shares: JSON bodies are decoded as strict UTF-8 (invalid bytes → 400
 * INVALID_UTF8, where Fastify's own parser would store U+FFFD) and refused when nested deeper than
 * MAX_JSON_DEPTH (400 JSON_TOO_DEEP), and NUL characters anywhere in the parsed input
 * → 400 VALIDATION_FAILED, before any route-specific validation runs.
 */
export const inputGuardPlugin = fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      let text: string;
      try {
        text = utf8.decode(body as Buffer);
      } catch {
        done(new DomainError('INVALID_UTF8'), undefined);
        return;
      }
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        done(new DomainError('JSON_TOO_DEEP'), undefined);
        return;
      }
      void parseJson(request, text, done);
    });
    app.addHook('preValidation', async (request) => refuseBadText(request));
  },
  { name: 'luoshi-input-guard' },
);
