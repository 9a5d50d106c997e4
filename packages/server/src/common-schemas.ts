import { Type, type TInteger, type IntegerOptions } from '@sinclair/typebox';

/**
 * The largest value an id column holds: ids are `integer` identities, 32-bit on PostgreSQL. A larger number in a
 * request would reach the database and fail there (a 500 on PostgreSQL), so every id in a request schema is
 * bounded here and answered with 400 VALIDATION_FAILED instead.
 */
export const MAX_ID = 2_147_483_647;

/** An id in a request: a positive 32-bit integer. */
export function Id(opts: IntegerOptions = {}): TInteger {
  return Type.Integer({ minimum: 1, maximum: MAX_ID, ...opts });
}

/** A 0-based position in a request (an index into a list): bounded like an id. */
export function Index(opts: IntegerOptions = {}): TInteger {
  return Type.Integer({ minimum: 0, maximum: MAX_ID, ...opts });
}

/** `/:id` path parameters. */
export const IdParams = Type.Object({ id: Id() });
