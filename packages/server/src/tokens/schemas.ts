import { Type } from '@sinclair/typebox';
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

export const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const CreatedToken = Type.Object({ token: Type.String(), apiToken: ApiToken });
