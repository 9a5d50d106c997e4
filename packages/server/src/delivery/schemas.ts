import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../common-schemas.js';
import { PageOf, pageQueryFields } from '../openapi/paging.js';

const DateText = (description?: string) =>
  Type.String({ format: 'date', ...(description !== undefined && { description }) });
const NullableDate = Type.Union([DateText(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableId = Type.Union([Type.Integer(), Type.Null()]);
const Version = Type.Integer({
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'The version you last read',
});

export const WorkPlanStatus = Type.Union(
  [Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('returned')],
  { description: 'draft → submitted → approved | returned (→ edited and submitted again)' },
);
export const ReportStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('accepted'),
  Type.Literal('returned'),
]);
export const MilestoneStateSchema = Type.Union([
  Type.Literal('not_started'),
  Type.Literal('in_progress'),
  Type.Literal('done'),
]);
export const Light = Type.Union(
  [Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('grey')],
  {
    description:
      'green on track; yellow a milestone overdue or 10+ points behind plan; red 30+ days or points; grey nothing to judge',
  },
);
export const Frequency = Type.Union([Type.Literal('month'), Type.Literal('quarter')]);

const UnitRef = Type.Object({ id: Type.Integer(), name: Type.String() });

// ---------------------------------------------------------------- work plans

export const MilestoneInput = Type.Object(
  {
    key: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,40}$',
        description: 'Keeps a milestone the same across revisions; omit for a new one',
      }),
    ),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    dueDate: DateText('YYYY-MM-DD'),
    deliverable: Type.String({ maxLength: 500, default: '' }),
    weight: Type.Number({ minimum: 0.001, maximum: 1000, description: 'Relative weight (> 0)' }),
  },
  { additionalProperties: false },
);
export type MilestoneInput = Static<typeof MilestoneInput>;

export const RevisionMilestone = Type.Object({
  key: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  deliverable: Type.String(),
  weight: Type.Number(),
});
export type RevisionMilestone = Static<typeof RevisionMilestone>;

export const Milestones = Type.Array(MilestoneInput, { minItems: 1, maxItems: 50 });

export const CreateWorkPlanBody = Type.Object(
  {
    nodeId: Id({ description: 'The task (plan item)' }),
    unitId: Type.Optional(
      Id({ description: "A lead unit of the task; a unit officer's own unit by default" }),
    ),
    milestones: Milestones,
  },
  { additionalProperties: false },
);

export const SaveWorkPlanBody = Type.Object(
  {
    version: Version,
    milestones: Milestones,
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'Required to change an approved baseline' }),
    ),
  },
  { additionalProperties: false },
);

export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });

export const WorkPlanReviewBody = Type.Object(
  {
    version: Version,
    decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
    comment: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when returning' })),
  },
  { additionalProperties: false },
);

export const WorkPlanRevision = Type.Object({
  number: Type.Integer(),
  kind: Type.Union([Type.Literal('initial'), Type.Literal('change')]),
  reason: NullableString,
  status: WorkPlanStatus,
  reviewComment: NullableString,
  milestones: Type.Array(RevisionMilestone),
  createdAt: Type.String(),
  createdBy: NullableString,
  submittedAt: NullableString,
  submittedBy: NullableString,
  reviewedAt: NullableString,
  reviewedBy: NullableString,
});

export const LiveMilestone = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  deliverable: Type.String(),
  weight: Type.Number(),
  ordinal: Type.Integer(),
  state: MilestoneStateSchema,
  percent: Type.Integer(),
  completedOn: NullableDate,
  retired: Type.Boolean(),
});
export type LiveMilestone = Static<typeof LiveMilestone>;

export const WorkPlanSummary = Type.Object(
  {
    id: Type.Integer(),
    planId: Type.Integer(),
    nodeId: Type.Integer(),
    nodePath: Type.String(),
    nodeLabel: Type.String(),
    nodeTitle: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    status: WorkPlanStatus,
    baselineRevision: NullableId,
    currentRevision: Type.Integer(),
    /** Whether the latest revision is a change request awaiting its decision (or being drafted). */
    pendingChange: Type.Boolean(),
    version: Type.Integer(),
    example: Type.Boolean({ description: 'Generated example data (示例数据)' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'WorkPlanSummary' },
);
export type WorkPlanSummary = Static<typeof WorkPlanSummary>;

export const WorkPlanDetail = Type.Composite(
  [
    WorkPlanSummary,
    Type.Object({
      /** Every revision, oldest first; the approved ones are the baselines, the last approved the one in force. */
      revisions: Type.Array(WorkPlanRevision),
      /** The milestones of the approved baseline, with their last reported state. */
      milestones: Type.Array(LiveMilestone),
      progress: Type.Union([Type.Number(), Type.Null()]),
    }),
  ],
  { title: 'WorkPlanDetail' },
);
export type WorkPlanDetail = Static<typeof WorkPlanDetail>;

export const WorkPlanPage = PageOf(WorkPlanSummary, 'WorkPlanPage');

const ListFilters = {
  planId: Type.Optional(Id()),
  nodeId: Type.Optional(Id()),
  unitId: Type.Optional(Id()),
};
export const WorkPlanListQuery = Type.Object({
  ...pageQueryFields,
  ...ListFilters,
  status: Type.Optional(WorkPlanStatus),
});
export type WorkPlanListQuery = Static<typeof WorkPlanListQuery>;
export const WorkPlanExportQuery = Type.Object({ ...ListFilters, status: Type.Optional(WorkPlanStatus) });

// ---------------------------------------------------------------- report cycles

export const ReportCycleBody = Type.Object(
  {
    frequency: Frequency,
    dueWorkingDays: Type.Integer({
      minimum: 0,
      maximum: 60,
      description: 'Chinese working days after the period',
    }),
    version: Type.Optional(Version),
  },
  { additionalProperties: false },
);

export const ReportingPeriodView = Type.Object({
  period: Type.String(),
  start: Type.String(),
  end: Type.String(),
  dueDate: Type.String(),
});

export const ReportCycle = Type.Object(
  {
    planId: Type.Integer(),
    /** False while the secretariat has not set one: the default (quarterly, 5 working days) applies. */
    configured: Type.Boolean(),
    frequency: Frequency,
    dueWorkingDays: Type.Integer(),
    firstPeriod: Type.String(),
    lastPeriod: Type.String(),
    version: Type.Integer(),
    example: Type.Boolean(),
    periods: Type.Array(ReportingPeriodView),
  },
  { title: 'ReportCycle' },
);
export type ReportCycle = Static<typeof ReportCycle>;

// ---------------------------------------------------------------- progress reports

export const CreateReportBody = Type.Object(
  {
    nodeId: Id(),
    period: Type.String({ maxLength: 20, description: 'A period of the plan’s cycle: 2014-07 or 2014-Q3' }),
    unitId: Type.Optional(Id({ description: 'The lead unit; a unit officer’s own unit by default' })),
  },
  { additionalProperties: false },
);

export const ReportMilestoneInput = Type.Object(
  {
    milestoneId: Id(),
    state: MilestoneStateSchema,
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
    completedOn: Type.Optional(NullableDate),
  },
  { additionalProperties: false },
);

const Text = (max: number) => Type.String({ maxLength: max });

export const SaveReportBody = Type.Object(
  {
    version: Version,
    percent: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'Omit to compute from the milestones’ weights' }),
    ),
    progress: Text(20_000),
    problems: Text(20_000),
    nextSteps: Text(20_000),
    milestones: Type.Array(ReportMilestoneInput, { maxItems: 200, default: [] }),
  },
  { additionalProperties: false },
);

export const ReportReviewBody = Type.Object(
  {
    version: Version,
    decision: Type.Union([Type.Literal('accept'), Type.Literal('return')]),
    comment: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when returning' })),
  },
  { additionalProperties: false },
);

export const SaveContributionBody = Type.Object(
  {
    version: Type.Union([Version, Type.Null()], { description: 'null for the first save' }),
    progress: Text(20_000),
    problems: Text(20_000),
    nextSteps: Text(20_000),
    submit: Type.Optional(Type.Boolean({ description: 'Hand the part to the lead unit' })),
    unitId: Type.Optional(Id({ description: 'The supporting unit, when an admin acts for it' })),
  },
  { additionalProperties: false },
);

export const ReportSummary = Type.Object(
  {
    id: Type.Integer(),
    planId: Type.Integer(),
    nodeId: Type.Integer(),
    nodePath: Type.String(),
    nodeLabel: Type.String(),
    nodeTitle: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    period: Type.String(),
    dueDate: Type.String(),
    status: ReportStatus,
    percent: Type.Integer(),
    submittedOn: NullableDate,
    /** Submitted after its due date (null until submitted). */
    late: Type.Union([Type.Boolean(), Type.Null()]),
    version: Type.Integer(),
    example: Type.Boolean(),
    updatedAt: Type.String(),
  },
  { title: 'ReportSummary' },
);
export type ReportSummary = Static<typeof ReportSummary>;

export const Contribution = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  progress: Type.String(),
  problems: Type.String(),
  nextSteps: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('submitted')]),
  version: Type.Integer(),
  example: Type.Boolean(),
  updatedAt: Type.String(),
  submittedAt: NullableString,
});
export type Contribution = Static<typeof Contribution>;

export const Evidence = Type.Object({
  id: Type.Integer({ description: 'The attachment (one file on one report)' }),
  reportId: Type.Integer(),
  fileName: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
  sha256: Type.String(),
  unitId: Type.Integer(),
  uploadedAt: Type.String(),
});
export type Evidence = Static<typeof Evidence>;

export const ReportEvent = Type.Object({
  action: Type.Union([Type.Literal('submitted'), Type.Literal('accepted'), Type.Literal('returned')]),
  comment: NullableString,
  actor: NullableString,
  at: Type.String(),
});

export const ReportMilestone = Type.Object({
  milestoneId: Type.Integer(),
  key: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  weight: Type.Number(),
  state: MilestoneStateSchema,
  percent: Type.Integer(),
  completedOn: NullableDate,
});

export const ReportDetail = Type.Composite(
  [
    ReportSummary,
    Type.Object({
      progress: Type.String(),
      problems: Type.String(),
      nextSteps: Type.String(),
      reviewComment: NullableString,
      submittedAt: NullableString,
      reviewedAt: NullableString,
      milestones: Type.Array(ReportMilestone),
      contributions: Type.Array(Contribution),
      evidence: Type.Array(Evidence),
      /** Every submit, return and acceptance, oldest first. */
      events: Type.Array(ReportEvent),
    }),
  ],
  { title: 'ReportDetail' },
);
export type ReportDetail = Static<typeof ReportDetail>;

export const ReportPage = PageOf(ReportSummary, 'ReportPage');
export const ReportListQuery = Type.Object({
  ...pageQueryFields,
  ...ListFilters,
  period: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(ReportStatus),
});
export type ReportListQuery = Static<typeof ReportListQuery>;
export const ReportExportQuery = Type.Object({
  ...ListFilters,
  period: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(ReportStatus),
});

export const ReportIdParams = Type.Object({ id: Id() });
export const EvidenceParams = Type.Object({ id: Id(), evidenceId: Id() });
export const UploadEvidenceBody = Type.Unsafe<unknown>({
  title: 'UploadEvidenceBody',
  description:
    'multipart/form-data: `file`, the evidence (PDF, Word, Excel, PowerPoint, OFD, JPG/PNG, text, CSV or ZIP).',
  properties: { file: { type: 'string', format: 'binary' } },
});

// ---------------------------------------------------------------- roll-up and the task view

export const ProgressQuery = Type.Object({
  asOf: Type.Optional(DateText('Judge as of this day (YYYY-MM-DD); today (China) by default')),
});

export const ItemProgress = Type.Object({
  nodeId: Type.Integer(),
  progress: Type.Union([Type.Number(), Type.Null()]),
  light: Light,
  measuredTasks: Type.Integer(),
  overdueMilestones: Type.Integer(),
});

export const ROLLUP_RULE =
  'A task’s progress is the mean of its lead units’ work plans, each the weight-weighted mean of its approved ' +
  'milestones (done = 100%, else the last reported percent). An item’s progress is the mean over the measured ' +
  'tasks in its subtree (itself included), i.e. its children’s progress weighted by their number of measured ' +
  'tasks; tasks without an approved work plan are left out. The light is the worst among those tasks: red when a ' +
  'milestone is over 30 days overdue or progress trails the planned share (weights of milestones due by then) by ' +
  '30 points or more, yellow when a milestone is overdue or progress trails by 10 points, green otherwise, grey ' +
  'when nothing is measured.';

export const PlanProgress = Type.Object(
  {
    planId: Type.Integer(),
    asOf: Type.String(),
    rule: Type.String({ description: ROLLUP_RULE }),
    plan: Type.Omit(ItemProgress, ['nodeId']),
    items: Type.Array(ItemProgress),
  },
  { title: 'PlanProgress', description: ROLLUP_RULE },
);
export type PlanProgress = Static<typeof PlanProgress>;

export const TaskParams = Type.Object({ id: Id(), nodeId: Id() });

export const TaskDelivery = Type.Object(
  {
    node: Type.Object({
      id: Type.Integer(),
      planId: Type.Integer(),
      path: Type.String(),
      label: Type.String(),
      title: Type.String(),
      deadline: Type.Unknown({ description: 'The item’s completion deadline (PlanDeadline) or null' }),
      leadUnits: Type.Array(UnitRef),
      supportUnits: Type.Array(UnitRef),
      retired: Type.Boolean(),
    }),
    progress: Type.Omit(ItemProgress, ['nodeId', 'measuredTasks']),
    asOf: Type.String(),
    /** The work plans the caller may read: every one for the secretariat and leaders, a unit's own for an officer. */
    workPlans: Type.Array(WorkPlanDetail),
    reports: Type.Array(ReportSummary),
    evidence: Type.Array(Type.Composite([Evidence, Type.Object({ period: Type.String() })])),
    cycle: ReportCycle,
  },
  { title: 'TaskDelivery' },
);
export type TaskDelivery = Static<typeof TaskDelivery>;
