import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from './index.js';
import { sendProblem } from './handler.js';
import { SECURITY_HEADERS } from '../plugins/security-headers.js';

/**
 * Fastify's router answers some requests before any hook or handler runs: a path with bad percent-encoding, or
 * a path parameter longer than `maxParamLength`. Given as the `frameworkErrors` option, this answers them as
 * problems like every other error.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  // No hook ran, so the security headers are not set yet.
  reply.headers(SECURITY_HEADERS);
  const code =
    error.code === 'FST_ERR_BAD_URL'
      ? 'BAD_URL'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'URI_TOO_LONG'
        : 'BAD_REQUEST';
  void sendProblem(reply, code);
}

/** Node's HTTP parser errors that have a status of their own; any other is a plain 400. */
const CLIENT_ERROR_CODES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  HPE_URI_TOO_LONG: 'URI_TOO_LONG',
};

/**
 * Answers a request Node's HTTP parser refused (malformed request line or headers, headers over the size
 * limit, a timeout) before Fastify saw it. Given as the `clientErrorHandler` option, i.e. Node's `clientError`
 * event. Fastify's default writes a JSON body of its own; this writes the same problem document as every other
 * error, with the security headers, then closes the connection since the stream cannot be trusted any more.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code = CLIENT_ERROR_CODES[err.code ?? ''] ?? 'BAD_REQUEST';
  const problem = problemFor(code);
  const body = JSON.stringify(problem);
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': 'application/problem+json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${problem.status} ${http.STATUS_CODES[problem.status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(err);
}
