import { Type, type Static } from '@sinclair/typebox';
import { UnitRef, Unit } from '../units/schemas.js';
import { Id } from '../common-schemas.js';
import { PageOf, SortOrderSchema, pageQueryFields } from '../openapi/paging.js';
import { AreaRef } from '../areas/schemas.js';
import { PlanChanges } from '../imports/changes-schemas.js';
import { DeadlineInput, PlanDeadline } from './deadlines.js';

/** Shared, recursive schemas are registered once by `id` (see `registerPlanSchemas`) and referenced by `$ref`. */
export const PlanNode = Type.Object(
  {
    id: Type.Integer(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    path: Type.String(),
    label: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    note: Type.String(),
    spanStart: Type.Integer(),
    spanEnd: Type.Integer(),
    deadline: Type.Union([PlanDeadline, Type.Null()], {
      description: 'The completion deadline the item states',
    }),
    leadUnits: Type.Array(UnitRef),
    supportUnits: Type.Array(UnitRef),
    children: Type.Array(Type.Ref('PlanNode')),
  },
  { $id: 'PlanNode', title: 'PlanNode' },
);
export const PlanNodeRef = Type.Ref('PlanNode');

export const Target = Type.Object(
  {
    id: Type.Integer(),
    nodeId: Type.Union([Type.Integer(), Type.Null()]),
    indicator: Type.String(),
    comparator: Type.String(),
    value: Type.Number(),
    unit: Type.String(),
    deadlineYear: Type.Union([Type.Integer(), Type.Null()]),
    cumulative: Type.Boolean(),
    text: Type.String(),
    spanStart: Type.Integer(),
    spanEnd: Type.Integer(),
  },
  { title: 'Target' },
);

export const Comparator = Type.Union(
  [
    Type.Literal('>'),
    Type.Literal('>='),
    Type.Literal('<='),
    Type.Literal('<'),
    Type.Literal('about'),
    Type.Literal('='),
  ],
  { title: 'Comparator' },
);

export const TargetInput = Type.Object(
  {
    indicator: Type.String({ minLength: 1, maxLength: 500 }),
    comparator: Comparator,
    value: Type.Number(),
    unit: Type.String({ maxLength: 50 }),
    deadlineYear: Type.Union([Type.Integer({ minimum: 1900, maximum: 2200 }), Type.Null()]),
    cumulative: Type.Boolean(),
  },
  { additionalProperties: false, title: 'TargetInput' },
);
export type TargetInput = Static<typeof TargetInput>;

const summaryFields = {
  id: Type.Integer(),
  title: Type.String(),
  issuer: Type.Union([Type.String(), Type.Null()]),
  periodFrom: Type.Union([Type.Integer(), Type.Null()]),
  periodTo: Type.Union([Type.Integer(), Type.Null()]),
  published: Type.Boolean(),
  version: Type.Integer(),
  taskCount: Type.Integer(),
  targetCount: Type.Integer(),
  unitCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const PlanSummary = Type.Object(summaryFields, { title: 'PlanSummary' });

export const PlanPage = PageOf(PlanSummary, 'PlanPage');

/** The plans list's filters and orders; a cursor is valid only with the sort and order it was made for. */
export const PlansQuery = Type.Object({
  ...pageQueryFields,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words the title contains' })),
  published: Type.Optional(
    Type.Boolean({ description: 'Only published (true) or unpublished (false) plans' }),
  ),
  sort: Type.Optional(
    Type.Union([Type.Literal('updatedAt'), Type.Literal('title'), Type.Literal('id')], {
      description: 'Default updatedAt',
    }),
  ),
  order: Type.Optional(SortOrderSchema),
});
export type PlansQuery = Static<typeof PlansQuery>;

/** The public list: published plans only, so no published filter. */
export const PublicPlansQuery = Type.Omit(PlansQuery, ['published']);

/** The text a plan was imported from; fetched by the source tab alone, since the plan page rarely needs it. */
export const PlanSource = Type.Object({ sourceText: Type.String() }, { title: 'PlanSource' });

export const PlanDetail = Type.Object(
  {
    ...summaryFields,
    documentNumber: Type.Union([Type.String(), Type.Null()]),
    references: Type.Array(Type.String()),
    area: Type.Union([AreaRef, Type.Null()], { description: 'The jurisdiction of the issuing government' }),
    nodes: Type.Array(PlanNodeRef),
    targets: Type.Array(Target),
  },
  { title: 'PlanDetail' },
);

const retirement = {
  retiredAt: Type.String({ format: 'date-time' }),
  retiredInVersion: Type.Integer({ description: 'The first version without it' }),
};

/** What re-imports retired: out of the current plan, kept with its id, note, units and history. */
export const RetiredContent = Type.Object(
  {
    nodes: Type.Array(
      Type.Object({
        id: Type.Integer(),
        parentId: Type.Union([Type.Integer(), Type.Null()]),
        path: Type.String(),
        label: Type.String(),
        kind: Type.String(),
        title: Type.String(),
        body: Type.String(),
        note: Type.String(),
        spanStart: Type.Integer(),
        spanEnd: Type.Integer(),
        deadline: Type.Union([PlanDeadline, Type.Null()]),
        leadUnits: Type.Array(UnitRef),
        supportUnits: Type.Array(UnitRef),
        ...retirement,
      }),
    ),
    targets: Type.Array(Type.Object({ ...Target.properties, ...retirement })),
  },
  { title: 'RetiredContent' },
);

/** An item of a stored version; registered by id because it nests. */
export const PlanVersionNode = Type.Object(
  {
    id: Type.Integer({ description: 'The item, the same in every version it continues' }),
    path: Type.String(),
    label: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    spanStart: Type.Integer(),
    spanEnd: Type.Integer(),
    deadline: Type.Optional(
      Type.Union([PlanDeadline, Type.Null()], {
        description: 'Absent in versions confirmed before deadlines were kept',
      }),
    ),
    leadUnits: Type.Array(UnitRef),
    supportUnits: Type.Array(UnitRef),
    children: Type.Array(Type.Ref('PlanVersionNode')),
  },
  { $id: 'PlanVersionNode', title: 'PlanVersionNode' },
);

const versionFields = {
  version: Type.Integer(),
  confirmedAt: Type.String({ format: 'date-time' }),
  confirmedBy: Type.Union([Type.String(), Type.Null()], { description: "The confirming user's name" }),
  importId: Type.Union([Type.Integer(), Type.Null()]),
  sourceFileName: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
};

export const PlanVersionSummary = Type.Object(
  { ...versionFields, taskCount: Type.Integer(), targetCount: Type.Integer() },
  { title: 'PlanVersionSummary' },
);

export const PlanVersionDetail = Type.Object(
  {
    ...versionFields,
    planId: Type.Integer(),
    sourceText: Type.String(),
    issuer: Type.Union([Type.String(), Type.Null()]),
    documentNumber: Type.Union([Type.String(), Type.Null()]),
    periodFrom: Type.Union([Type.Integer(), Type.Null()]),
    periodTo: Type.Union([Type.Integer(), Type.Null()]),
    references: Type.Array(Type.String()),
    area: Type.Union([AreaRef, Type.Null()]),
    nodes: Type.Array(Type.Ref('PlanVersionNode')),
    targets: Type.Array(Target),
  },
  { title: 'PlanVersionDetail' },
);

export const PlanVersionDiff = Type.Object(
  { from: Type.Integer(), to: Type.Integer(), changes: PlanChanges },
  { title: 'PlanVersionDiff' },
);

export const PlanUnitShare = Type.Object(
  { unit: Unit, leadTasks: Type.Integer(), supportTasks: Type.Integer() },
  { title: 'PlanUnitShare' },
);

export const PlanIdParams = Type.Object({ id: Id() });
export const NodeParams = Type.Object({
  id: Id(),
  nodeId: Id(),
});
export const VersionParams = Type.Object({ id: Id(), n: Id() });
export const VersionDiffParams = Type.Object({ id: Id(), a: Id(), b: Id() });
export const TargetParams = Type.Object({
  id: Id(),
  targetId: Id(),
});

export const UpdatePlanBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    published: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const UnitIds = Type.Array(Id(), { maxItems: 100 });
export const UpdateNodeBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    body: Type.Optional(Type.String({ maxLength: 100_000 })),
    note: Type.Optional(Type.String({ maxLength: 20_000 })),
    leadUnitIds: Type.Optional(UnitIds),
    supportUnitIds: Type.Optional(UnitIds),
    deadline: Type.Optional(Type.Union([DeadlineInput, Type.Null()], { description: 'null clears it' })),
  },
  { additionalProperties: false },
);
export type UpdateNodeBody = Static<typeof UpdateNodeBody>;
