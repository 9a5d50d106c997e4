import { PageOf, pageQueryFields } from '../openapi/paging.js';
import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../common-schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Direction = Type.Union([Type.Literal('higher'), Type.Literal('lower')]);
export const Kind = Type.Union([Type.Literal('flow'), Type.Literal('stock'), Type.Literal('rate')]);
export const Frequency = Type.Union([
  Type.Literal('year'),
  Type.Literal('half'),
  Type.Literal('quarter'),
  Type.Literal('month'),
]);
/** The API's qualifier words (the import file's too); `more_than` is the core's `lower_bound`. */
export const Qualifier = Type.Union(
  [Type.Literal('exact'), Type.Literal('more_than'), Type.Literal('preliminary'), Type.Literal('estimated')],
  { title: 'FigureQualifier' },
);
export type ApiQualifier = Static<typeof Qualifier>;
export const Status = Type.Union(
  [
    Type.Literal('achieved'),
    Type.Literal('not_achieved'),
    Type.Literal('on_track'),
    Type.Literal('needs_acceleration'),
    Type.Literal('off_track'),
    Type.Literal('deteriorating'),
    Type.Literal('no_data'),
  ],
  { title: 'TargetStatus' },
);
const Localized = Type.Object({ zh: Type.String(), en: Type.String() });
const PeriodText = Type.String({
  minLength: 4,
  maxLength: 40,
  description: '2015, 2015-S1, 2015-Q3, 2015-07, 2015-01/2015-09',
});

export const AreaRef = Type.Object(
  {
    id: Nullable(Type.Integer()),
    code: Type.String(),
    name: Type.String(),
  },
  {
    title: 'AreaRef',
    description: 'An area; `id` is null until areas have a table (the code is the stable key)',
  },
);

export const IndicatorSummary = Type.Object(
  {
    id: Type.Integer(),
    code: Nullable(Type.String()),
    name: Type.String(),
    aliases: Type.Array(Type.String()),
    unit: Type.String(),
    direction: Direction,
    kind: Kind,
    frequency: Frequency,
    decimals: Nullable(Type.Integer()),
    ownerUnit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    formula: Nullable(Type.String()),
    baseline: Nullable(Type.Object({ value: Type.Number(), period: Type.String() })),
  },
  { title: 'IndicatorSummary' },
);

const editable = {
  code: Nullable(Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z][A-Za-z0-9_]*$' })),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  aliases: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 }),
  unit: Type.String({ minLength: 1, maxLength: 20 }),
  direction: Direction,
  kind: Kind,
  frequency: Frequency,
  decimals: Nullable(Type.Integer({ minimum: 0, maximum: 6 })),
  ownerUnitId: Nullable(Id()),
  formula: Nullable(Type.String({ minLength: 1, maxLength: 500 })),
  baseline: Nullable(
    Type.Object({ value: Type.Number(), period: PeriodText }, { additionalProperties: false }),
  ),
};
export const CreateIndicatorBody = Type.Object(
  {
    ...editable,
    code: Type.Optional(editable.code),
    aliases: Type.Optional(editable.aliases),
    direction: Type.Optional(Direction),
    frequency: Type.Optional(Frequency),
    decimals: Type.Optional(editable.decimals),
    ownerUnitId: Type.Optional(editable.ownerUnitId),
    formula: Type.Optional(editable.formula),
    baseline: Type.Optional(editable.baseline),
  },
  { additionalProperties: false, title: 'CreateIndicatorBody' },
);
export type CreateIndicatorBody = Static<typeof CreateIndicatorBody>;
export const UpdateIndicatorBody = Type.Partial(Type.Object(editable), {
  additionalProperties: false,
  title: 'UpdateIndicatorBody',
});
export type UpdateIndicatorBody = Static<typeof UpdateIndicatorBody>;

export const IndicatorListQuery = Type.Object({
  ...pageQueryFields,
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export const IndicatorPage = PageOf(IndicatorSummary, 'IndicatorPage');

export const Figure = Type.Object(
  {
    id: Type.Integer(),
    indicatorId: Type.Integer(),
    area: AreaRef,
    period: Type.String(),
    value: Type.Number(),
    qualifier: Qualifier,
    sourceUrl: Nullable(Type.String()),
    sourceDocument: Nullable(Type.String()),
    quote: Nullable(Type.String()),
    enteredBy: Type.String(),
    enteredAt: Type.String(),
    supersededBy: Nullable(Type.Integer()),
  },
  { title: 'Figure' },
);

export const FigureInput = Type.Object(
  {
    areaCode: Type.String({
      minLength: 1,
      maxLength: 50,
      description: 'The area: its name or division code (成都市, 510100)',
    }),
    period: PeriodText,
    value: Type.Number(),
    qualifier: Qualifier,
    sourceUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    sourceDocument: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    quote: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false, title: 'FigureInput' },
);
export type FigureInput = Static<typeof FigureInput>;

const Point = Type.Object({
  period: Type.String(),
  value: Type.Number(),
  qualifier: Qualifier,
  time: Type.Number(),
  derived: Type.Boolean(),
});

export const Explanation = Type.Object(
  {
    basis: Type.String(),
    method: Nullable(Type.Union([Type.Literal('linear'), Type.Literal('geometric')])),
    direction: Direction,
    baseline: Nullable(Point),
    current: Nullable(Point),
    target: Type.Object({
      comparator: Type.String(),
      value: Type.Number(),
      deadlineYear: Type.Integer(),
      time: Type.Number(),
    }),
    observedGrowth: Nullable(Type.Number()),
    requiredGrowth: Nullable(Type.Number()),
    ratio: Nullable(Type.Number()),
    expectedAtCurrent: Nullable(Type.Number()),
    thresholds: Type.Object({
      onTrack: Type.Number(),
      needsAcceleration: Type.Number(),
      deteriorating: Type.Number(),
      aboutTolerance: Type.Number(),
    }),
    lowerBound: Type.Boolean(),
    boundEffect: Nullable(Type.Union([Type.Literal('conservative'), Type.Literal('optimistic')])),
    provisional: Type.Boolean(),
    deadlinePassedWithoutFigure: Type.Boolean(),
    ignoredAfterDeadline: Type.Array(Type.String()),
    message: Localized,
  },
  {
    title: 'StatusExplanation',
    description: "The core's explanation of a status (see @luoshi/core status.ts)",
  },
);

const SeriesPoint = Type.Object({
  period: Type.String(),
  value: Type.Number(),
  qualifier: Qualifier,
  /** True for a value computed from the indicator's formula rather than a stored figure. */
  computed: Type.Boolean(),
});

export const TargetStatusSchema = Type.Object(
  {
    targetId: Type.Integer(),
    planId: Type.Integer(),
    text: Type.String(),
    indicator: Nullable(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        unit: Type.String(),
        kind: Kind,
        direction: Direction,
      }),
    ),
    comparator: Type.String(),
    value: Type.Number(),
    unit: Type.String(),
    deadlineYear: Nullable(Type.Integer()),
    area: Nullable(AreaRef),
    baseline: Nullable(Type.Object({ value: Type.Number(), period: Type.String() })),
    latest: Nullable(Type.Object({ period: Type.String(), value: Type.Number(), qualifier: Qualifier })),
    status: Status,
    statusLabel: Localized,
    explanation: Explanation,
    forecast: Nullable(
      Type.Object({
        value: Type.Number(),
        method: Type.String(),
        deadlineYear: Type.Integer(),
        meetsTarget: Type.Boolean(),
      }),
    ),
    trajectory: Type.Array(Type.Object({ period: Type.String(), expected: Type.Number() })),
    trajectoryMethod: Nullable(Type.Union([Type.Literal('linear'), Type.Literal('geometric')])),
    series: Type.Array(SeriesPoint),
  },
  { title: 'TargetStatus' },
);

export const ComputedFigure = Type.Object(
  {
    period: Type.String(),
    area: AreaRef,
    value: Type.Number(),
    qualifier: Qualifier,
    components: Type.Array(Type.Object({ name: Type.String(), value: Type.Number(), qualifier: Qualifier })),
  },
  {
    title: 'ComputedFigure',
    description: "A value of a formula indicator computed from its components' figures",
  },
);

export const IndicatorDetail = Type.Object({
  indicator: IndicatorSummary,
  figures: Type.Array(Figure),
  inForce: Type.Array(Figure),
  computed: Type.Array(ComputedFigure),
  targets: Type.Array(TargetStatusSchema),
  areas: Type.Array(AreaRef),
});

export const Dashboard = Type.Object(
  {
    plan: Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      periodFrom: Nullable(Type.Integer()),
      periodTo: Nullable(Type.Integer()),
      area: Nullable(AreaRef),
    }),
    asOf: Type.String(),
    counts: Type.Record(Type.String(), Type.Integer()),
    targets: Type.Array(TargetStatusSchema),
    overdueForData: Type.Array(
      Type.Object({
        targetId: Type.Integer(),
        indicatorId: Type.Integer(),
        indicatorName: Type.String(),
        expectedPeriod: Type.String(),
      }),
    ),
  },
  { title: 'PlanDashboard' },
);

export const ImportResult = Type.Object({
  imported: Type.Integer(),
  revisions: Type.Integer(),
  importId: Type.Integer(),
  fileHash: Type.String(),
});

export const LinkTargetBody = Type.Object(
  { indicatorId: Nullable(Id()) },
  { additionalProperties: false, title: 'LinkTargetBody' },
);
export const LinkedTarget = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  indicator: Type.String(),
  indicatorId: Nullable(Type.Integer()),
});

/** The figures import's body, for the OpenAPI document (the route reads the multipart stream itself). */
export const UploadFiguresBody = Type.Unsafe<unknown>({
  title: 'UploadFiguresBody',
  description: 'multipart/form-data: `file`, a CSV or XLSX file in the published-figures format (required).',
  properties: { file: { type: 'string', format: 'binary' } },
});
