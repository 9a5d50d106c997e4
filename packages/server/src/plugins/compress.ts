import { promisify } from 'node:util';
import zlib from 'node:zlib';
import fp from 'fastify-plugin';
import type { FastifyReply, onSendHookHandler } from 'fastify';

/** The encodings this server produces, best first when the client likes them equally. */
export type Encoding = 'br' | 'gzip';

/** Responses smaller than this go as they are: the headers and the work would cost more than they save. */
export const COMPRESS_THRESHOLD = 1024;

/** What compresses well: JSON (problem+json too), text, XML, JavaScript. */
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml)\b|application\/javascript\b)/;

// Brotli's quality 4 compresses JSON better than gzip at a similar cost (quality 11, the default, takes tens of
// milliseconds for a plan and is for build-time compression only). gzip at its default level. Also what the web
// app's pages made per request use (plugins/web.ts).
/** Brotli's settings for JSON and text: for responses, and for the plan documents stored compressed. */
export const brotliOptions = (bytes: Buffer): zlib.BrotliOptions => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  },
});
export const compressors: Record<Encoding, (bytes: Buffer) => Promise<Buffer>> = {
  br: (bytes) => promisify(zlib.brotliCompress)(bytes, brotliOptions(bytes)),
  gzip: (bytes) => promisify(zlib.gzip)(bytes),
};

/**
 * The encoding to answer an `Accept-Encoding` header with, or null for none (identity). Follows RFC 9110 §12.5.3:
 * q-values, `*` for any coding not named, `q=0` for "not this one"; with equal preference br wins over gzip.
 */
export function negotiateEncoding(header: string | string[] | undefined): Encoding | null {
  if (header === undefined) return null;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [rawName, ...params] = part.toLowerCase().split(';');
    const name = rawName?.trim();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(param);
      if (m) q = Number(m[1]);
    }
    weights.set(name === 'x-gzip' ? 'gzip' : name, q);
  }
  const weightOf = (coding: Encoding) => weights.get(coding) ?? weights.get('*') ?? 0;
  let best: Encoding | null = null;
  for (const coding of ['br', 'gzip'] as const) {
    const q = weightOf(coding);
    if (q > 0 && (best === null || q > weightOf(best))) best = coding;
  }
  return best;
}

/** Adds `accept-encoding` to the response's Vary header, keeping what is there. */
function varyOnAcceptEncoding(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.some((v) => v === '*' || v.toLowerCase() === 'accept-encoding')) return;
  void reply.header('vary', [...values, 'accept-encoding'].join(', '));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` leaves this route's responses uncompressed (they are compressed above the threshold by default). */
    compress?: boolean;
  }
}

/** Compressed forms known for a body Buffer, by encoding: sent instead of compressing it again. */
const remembered = new WeakMap<Buffer, Partial<Record<Encoding, Buffer>>>();

/**
 * Tells the compression hook that `body` compressed with `encoding` is `compressed`, so that sending `body` to a
 * client that accepts that encoding sends `compressed` as it is. For bodies that were stored compressed (the plan's
 * read model on PostgreSQL): they are not compressed a second time.
 */
export function rememberCompressed(body: Buffer, encoding: Encoding, compressed: Buffer): void {
  remembered.set(body, { ...remembered.get(body), [encoding]: compressed });
}

/**
 * Compresses the API's responses (br or gzip, as the client's Accept-Encoding asks) above `COMPRESS_THRESHOLD`.
 * The web app's files are not compressed here: the build writes .br and .gz beside them and the static plugin
 * sends those (see plugins/web.ts); a response that already has a Content-Encoding passes untouched.
 *
 * Register it after the read cache: the hook is added to each route's own onSend hooks, after those already
 * there, so the cache keeps the uncompressed body (one entry serves every encoding). A cache hit sends the same
 * Buffer each time, so its compressed forms are remembered beside it (a WeakMap: they go when the entry goes); so
 * are those a body was stored with (`rememberCompressed`).
 */
export const compressPlugin = fp(
  async (app) => {
    const compress: onSendHookHandler = (request, reply, payload, done) => {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
      if (reply.hasHeader('content-encoding') || reply.statusCode === 204 || reply.statusCode === 206)
        return done(null, payload);
      const type = reply.getHeader('content-type');
      if (typeof type !== 'string' || !COMPRESSIBLE.test(type)) return done(null, payload);
      if (Buffer.byteLength(payload) < COMPRESS_THRESHOLD) return done(null, payload);
      // From here the answer depends on Accept-Encoding, whatever this client sent.
      varyOnAcceptEncoding(reply);
      const encoding = negotiateEncoding(request.headers['accept-encoding']);
      if (encoding === null) return done(null, payload);

      const send = (compressed: Buffer) => {
        void reply.header('content-encoding', encoding);
        reply.removeHeader('content-length');
        done(null, compressed);
      };
      const known = Buffer.isBuffer(payload) ? remembered.get(payload)?.[encoding] : undefined;
      if (known) return send(known);
      const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      compressors[encoding](bytes).then(
        (compressed) => {
          if (Buffer.isBuffer(payload)) rememberCompressed(payload, encoding, compressed);
          send(compressed);
        },
        (err: unknown) => done(err as Error),
      );
    };

    app.addHook('onRoute', (route) => {
      if (route.config?.compress === false) return;
      const existing =
        route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
      route.onSend = [...existing, compress];
    });
  },
  { name: 'luoshi-compress' },
);
