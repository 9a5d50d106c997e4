import { Type } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import type { ApiTokenTable } from '../db/schema.js';
import { PageOf, pageQueryFields } from '../openapi/paging.js';

export const ApiToken = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    prefix: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'ApiToken' },
);
export const ApiTokenPage = PageOf(ApiToken, 'ApiTokenPage');
export const TokensQuery = Type.Object(pageQueryFields);

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The API shape of a token row (never its hash). */
export function toApiToken(r: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const CreatedToken = Type.Object({ token: Type.String(), apiToken: ApiToken });
