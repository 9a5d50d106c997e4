import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../common-schemas.js';
import { PageOf, SortOrderSchema, pageQueryFields } from '../openapi/paging.js';
import { AreaRef } from '../areas/schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Kind = Type.Union(
  [Type.Literal('department'), Type.Literal('district'), Type.Literal('collective'), Type.Literal('other')],
  {
    title: 'UnitKind',
  },
);

export const Unit = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    fullName: Type.Union([Type.String(), Type.Null()]),
    kind: Type.String(),
    aliases: Type.Array(Type.String()),
    area: Type.Union([AreaRef, Type.Null()], { description: 'The jurisdiction the unit belongs to' }),
  },
  { title: 'Unit' },
);

export const UnitPage = PageOf(Unit, 'UnitPage');

export const UnitsQuery = Type.Object({
  ...pageQueryFields,
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words the name, full name or an alias contains' }),
  ),
  kind: Type.Optional(Kind),
  areaId: Type.Optional(Id({ description: 'One jurisdiction only' })),
  sort: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('name')], { description: 'Default id' })),
  order: Type.Optional(SortOrderSchema),
});
export type UnitsQuery = Static<typeof UnitsQuery>;

export const UnitRef = Type.Object({ id: Type.Integer(), name: Type.String() }, { title: 'UnitRef' });

export const UnitTask = Type.Object(
  {
    planId: Type.Integer(),
    planTitle: Type.String(),
    nodeId: Type.Integer(),
    label: Type.String(),
    title: Type.String(),
    role: Type.Union([Type.Literal('lead'), Type.Literal('support')]),
  },
  { title: 'UnitTask' },
);

export const UnitWithTasks = Type.Object(
  { unit: Unit, tasks: Type.Array(UnitTask) },
  { title: 'UnitWithTasks' },
);

export const CreateUnitBody = Type.Object(
  {
    name: Name,
    fullName: Type.Optional(Type.Union([Name, Type.Null()])),
    kind: Type.Optional(Kind),
    aliases: Type.Optional(Type.Array(Name, { maxItems: 100 })),
    areaId: Type.Optional(Id({ description: 'The jurisdiction (default: the home one)' })),
  },
  { additionalProperties: false },
);
export type CreateUnitBody = Static<typeof CreateUnitBody>;

export const UpdateUnitBody = Type.Object(
  {
    name: Type.Optional(Name),
    fullName: Type.Optional(Type.Union([Name, Type.Null()])),
    kind: Type.Optional(Kind),
    aliases: Type.Optional(Type.Array(Name, { maxItems: 100 })),
    areaId: Type.Optional(Id()),
  },
  { additionalProperties: false },
);

export const MergeUnitBody = Type.Object({ intoUnitId: Id() }, { additionalProperties: false });

export const UnitIdParams = Type.Object({ id: Id() });
