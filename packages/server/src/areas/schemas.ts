import { Type } from '@sinclair/typebox';
import { AREA_KINDS } from '@luoshi/core';
import { Id } from '../common-schemas.js';

/** An area inside another record: a unit's or a plan's jurisdiction. */
export const AreaRef = Type.Object(
  { id: Type.Integer(), code: Type.String(), name: Type.String() },
  { title: 'AreaRef' },
);

const areaFields = {
  id: Type.Integer(),
  key: Type.String({ description: 'Stable key shared by the versions of one area (its current code)' }),
  code: Type.String({ description: 'GB/T 2260 code, or a local code for a functional zone' }),
  name: Type.String(),
  level: Type.String({ description: AREA_KINDS.join(' | ') }),
  functional: Type.Boolean(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  validFrom: Type.Union([Type.String(), Type.Null()], { description: 'ISO date, inclusive; null = open' }),
  validTo: Type.Union([Type.String(), Type.Null()], {
    description: 'ISO date, exclusive; null = still valid',
  }),
  aliases: Type.Array(Type.String()),
  home: Type.Boolean({ description: 'The jurisdiction plans fall back to when their issuer names none' }),
};

export const Area = Type.Object(areaFields, { title: 'Area' });

/** The area tree; registered by id because it nests. */
export const AreaNode = Type.Object(
  { ...areaFields, children: Type.Array(Type.Ref('AreaNode')) },
  { $id: 'AreaNode', title: 'AreaNode' },
);

const Level = Type.Union(
  AREA_KINDS.map((k) => Type.Literal(k)),
  { title: 'AreaLevel' },
);
const IsoDate = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 }), Type.Null()]);
const Code = Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9A-Za-z-]+$' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Aliases = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 });

export const CreateAreaBody = Type.Object(
  {
    areaKey: Type.Optional(Code),
    code: Code,
    name: Name,
    level: Level,
    parentId: Type.Union([Id(), Type.Null()]),
    validFrom: Type.Optional(IsoDate),
    validTo: Type.Optional(IsoDate),
    aliases: Type.Optional(Aliases),
    home: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, title: 'CreateAreaBody' },
);

export const UpdateAreaBody = Type.Object(
  {
    code: Type.Optional(Code),
    name: Type.Optional(Name),
    level: Type.Optional(Level),
    parentId: Type.Optional(Type.Union([Id(), Type.Null()])),
    validFrom: Type.Optional(IsoDate),
    validTo: Type.Optional(IsoDate),
    aliases: Type.Optional(Aliases),
    home: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, title: 'UpdateAreaBody' },
);

export const AreaIdParams = Type.Object({ id: Id() });
