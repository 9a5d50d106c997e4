import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../common-schemas.js';

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorUserId: Type.Union([Type.Integer(), Type.Null()]),
    actorLabel: Type.String(),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.String(),
    entityLabel: Type.Union([Type.String(), Type.Null()], {
      description: "What the entity is called now (a user's name, a unit, a plan's title); null when gone",
    }),
    planId: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The plan a plan, item, target or import belongs to, for a link',
    }),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { title: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  entityType: Type.Optional(Type.String({ maxLength: 100 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  /** Actor's username (the label recorded at write time). */
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  /** Return entries with an id below this (paging backwards from the newest). */
  before: Type.Optional(Id()),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

export const AuditHead = Type.Object(
  {
    rows: Type.Integer({
      minimum: 0,
      description: "Rows in the chain (the last row's position); 0 when empty",
    }),
    hash: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()], {
      description: 'SHA-256 of the last row, chained over every row before it; null when empty',
    }),
    id: Type.Union([Type.Integer(), Type.Null()]),
    at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  {
    title: 'AuditHead',
    description:
      'The head of the audit hash chain. Recorded outside the system, it lets `luoshi audit verify --expect-head` ' +
      'prove later that no entry up to it was changed or removed.',
  },
);
export type AuditHead = Static<typeof AuditHead>;
