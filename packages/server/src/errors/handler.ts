import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isTransientDbError, isUniqueViolation } from '../db/dialect.js';
import { DomainError, problemFor, codeInfo, type FieldError } from './index.js';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Sends the problem document for a code. */
export function sendProblem(
  reply: FastifyReply,
  code: string,
  extra: Parameters<typeof problemFor>[1] = {},
): FastifyReply {
  const body = problemFor(code, extra);
  const retryAfter = codeInfo(code).retryAfterSeconds;
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  return reply.code(body.status).type(PROBLEM_TYPE).send(body);
}

/** Maps an error Fastify or a plugin raised (not a DomainError) to one of our codes by its code or status. */
function codeForFrameworkError(err: FastifyError, request: FastifyRequest): string {
  switch (err.code) {
    // The request body ended while a part was still being read: a truncated upload.
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return request.isMultipart() ? 'MALFORMED_MULTIPART' : 'BAD_REQUEST';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'MALFORMED_JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    // @fastify/multipart's limits (fields, files, parts) and its refusals of a part.
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return 'TOO_MANY_PARTS';
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return 'MALFORMED_MULTIPART';
  }
  // secure-json-parse raises a SyntaxError that the JSON parser marks 400.
  if (err instanceof SyntaxError && err.statusCode === 400) return 'MALFORMED_JSON';
  if (isBusboyError(err)) return 'MALFORMED_MULTIPART';
  switch (err.statusCode) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'AUTH_REQUIRED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case undefined:
    default:
      break;
  }
  // Any other client error a plugin raises is still the client's: a plain 400, never a 500.
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

/**
 * busboy (under @fastify/multipart) reports a malformed body with plain errors that carry no status: no
 * boundary, a truncated body, a malformed part header. They are the client's fault, so 400, not 500.
 */
const BUSBOY_MESSAGES = [
  /^Multipart: Boundary not found$/,
  /^Unexpected end of multipart data$/,
  /terminated early due to unexpected end of multipart data$/,
  /^The needle cannot have a length bigger than/, // a boundary over 256 bytes
  /^Unsupported Content-Type\.$/,
  /^Missing Content-Type-header\.$/,
];
function isBusboyError(err: Error): boolean {
  return BUSBOY_MESSAGES.some((re) => re.test(err.message));
}

/**
 * The one error handler: every error becomes `application/problem+json` with a stable code and a {zh, en}
 * message. Validation failures list the offending fields; 5xx responses never reveal what went wrong inside
 * (that goes to the log).
 */
export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (err instanceof DomainError) {
        if (err.status >= 500) request.log.error({ err }, 'domain error');
        return sendProblem(reply, err.code, {
          message: err.userMessage,
          detail: err.detail,
          errors: err.errors,
          errorCount: err.errorCount,
          current: err.current,
        });
      }
      // A write that could not get its lock in time, or that lost a deadlock more often than it is retried:
      // nothing was written, and trying again shortly is the remedy.
      if (isTransientDbError(err)) {
        request.log.warn({ err }, 'database busy');
        return sendProblem(reply, 'DATABASE_BUSY');
      }
      // Services turn the unique violations they expect into their own codes; one that slips past them (two
      // writers racing past a check) is still a conflict with existing data, not a server fault.
      if (isUniqueViolation(err)) {
        request.log.warn({ err }, 'unique violation');
        return sendProblem(reply, 'CONFLICT');
      }
      if (err.validation) {
        const errors: FieldError[] = err.validation.map((v) => {
          const params = v.params as { missingProperty?: string; additionalProperty?: string } | undefined;
          const extra = params?.missingProperty ?? params?.additionalProperty;
          const where = `/${err.validationContext ?? 'body'}${v.instancePath}${extra ? `/${extra}` : ''}`;
          return { path: where, message: v.message ?? 'invalid' };
        });
        return sendProblem(reply, 'VALIDATION_FAILED', {
          detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
          errors,
        });
      }
      const code = codeForFrameworkError(err, request);
      if (codeInfo(code).status >= 500) {
        request.log.error({ err }, 'unhandled error');
        return sendProblem(reply, 'INTERNAL');
      }
      return sendProblem(reply, code);
    });
  },
  { name: 'luoshi-errors' },
);
