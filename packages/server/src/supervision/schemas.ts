import { Type, type Static } from '@sinclair/typebox';
import { Id, Index } from '../common-schemas.js';
import { PageOf, pageQueryFields } from '../openapi/paging.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  t: T,
  options?: Parameters<typeof Type.Union>[1],
) => Type.Union([t, Type.Null()], options);
const LocalDate = Type.String({ format: 'date', description: 'A local China date, YYYY-MM-DD' });

export const Level = Type.Union([Type.Literal('blue'), Type.Literal('yellow'), Type.Literal('red')], {
  title: 'NoticeLevel',
});
export const State = Type.Union(
  [
    Type.Literal('issued'),
    Type.Literal('signed'),
    Type.Literal('in_progress'),
    Type.Literal('replied'),
    Type.Literal('verified'),
    Type.Literal('closed'),
  ],
  { title: 'NoticeState' },
);
export const Rule = Type.Union(
  [
    Type.Literal('milestone_overdue'),
    Type.Literal('report_missing'),
    Type.Literal('indicator_off_track'),
    Type.Literal('no_update'),
  ],
  { title: 'SupervisionRule' },
);
export const Action = Type.Union(
  [
    Type.Literal('sign'),
    Type.Literal('start'),
    Type.Literal('reply'),
    Type.Literal('verify'),
    Type.Literal('return'),
    Type.Literal('close'),
  ],
  { title: 'NoticeAction' },
);

export const Notice = Type.Object(
  {
    id: Type.Integer(),
    planId: Type.Integer(),
    planTitle: Type.String(),
    documentNumber: Type.String({ description: '文号, e.g. 督办〔2014〕12号' }),
    node: Nullable(Type.Object({ id: Type.Integer(), label: Type.String(), title: Type.String() })),
    unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
    rule: Rule,
    subject: Type.String(),
    subjectDueOn: Nullable(Type.String()),
    daysLate: Type.Integer(),
    level: Level,
    state: State,
    raisedOn: Type.String(),
    stepDueOn: Nullable(Type.String({ description: 'When the step the notice waits in is due' })),
    reply: Nullable(Type.String()),
    version: Type.Integer(),
    updatedAt: Type.String(),
  },
  { title: 'SupervisionNotice' },
);
export const NoticePage = PageOf(Notice, 'SupervisionNoticePage');

const filterFields = {
  planId: Type.Optional(Id()),
  unitId: Type.Optional(Id()),
  level: Type.Optional(Level),
  state: Type.Optional(State),
  rule: Type.Optional(Rule),
  open: Type.Optional(Type.Boolean({ description: 'Open notices only (not closed)' })),
};
export const NoticeListQuery = Type.Object({ ...pageQueryFields, ...filterFields });
export const NoticeExportQuery = Type.Object(filterFields);
export const InboxQuery = Type.Object({
  ...pageQueryFields,
  unitId: Type.Optional(Id({ description: 'The unit (a unit officer’s inbox is always their own unit’s)' })),
});
export const BoardQuery = Type.Object({ planId: Type.Optional(Id()) });

const LevelCounts = {
  blue: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  total: Type.Integer(),
};
export const Board = Type.Object(
  {
    planId: Nullable(Type.Integer()),
    units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...LevelCounts })),
    totals: Type.Object(LevelCounts),
  },
  { title: 'SupervisionBoard', description: 'Open notices by unit and level, most red first' },
);

export const NoticeEvent = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'raised | escalated | sign | start | reply | verify | return | close' }),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  fromLevel: Nullable(Type.String()),
  toLevel: Type.String(),
  actor: Type.String(),
  at: Type.String(),
  asOf: Type.String(),
  comment: Nullable(Type.String()),
});
export const NoticeDetail = Type.Object(
  { notice: Notice, events: Type.Array(NoticeEvent), actions: Type.Array(Action) },
  { title: 'SupervisionNoticeDetail' },
);

export const StepBody = Type.Object({
  action: Action,
  text: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
  version: Type.Optional(Id()),
});

const Days = Type.Integer({ minimum: 0, maximum: 3650 });
const Lateness = Type.Object({ blue: Days, yellow: Days, red: Days });
export const Thresholds = Type.Object(
  {
    milestoneOverdue: Lateness,
    reportMissing: Lateness,
    noUpdate: Type.Object({ quietDays: Days, yellow: Days, red: Days }),
    indicatorOffTrack: Type.Object(
      {
        needs_acceleration: Type.Optional(Level),
        off_track: Type.Optional(Level),
        deteriorating: Type.Optional(Level),
        not_achieved: Type.Optional(Level),
        no_data: Type.Optional(Level),
      },
      { additionalProperties: false },
    ),
    stepDays: Type.Object({
      issued: Type.Integer({ minimum: 1, maximum: 365 }),
      signed: Type.Integer({ minimum: 1, maximum: 365 }),
      in_progress: Type.Integer({ minimum: 1, maximum: 365 }),
      replied: Type.Integer({ minimum: 1, maximum: 365 }),
      verified: Type.Integer({ minimum: 1, maximum: 365 }),
    }),
  },
  { title: 'SupervisionThresholds' },
);
const Recipient = Type.Object({
  unitId: Nullable(Id()),
  email: Type.String({ format: 'email', maxLength: 320 }),
});
const NoticeContact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S', description: '联系人, e.g. 张明' }),
    phone: Type.String({
      minLength: 1,
      maxLength: 50,
      pattern: '\\S',
      description: '联系电话, e.g. 028-61881234',
    }),
  },
  { title: 'SupervisionNoticeContact' },
);
export const Settings = Type.Object(
  {
    planId: Type.Integer(),
    thresholds: Thresholds,
    recipients: Type.Array(Recipient),
    contact: Nullable(NoticeContact, {
      description: 'The 联系人 a 督办通知单 names; null: 督查秘书处',
    }),
    version: Type.Integer({ description: '0 while the plan uses the defaults' }),
    updatedAt: Nullable(Type.String()),
  },
  { title: 'SupervisionSettings' },
);
export const SettingsBody = Type.Object({
  thresholds: Thresholds,
  recipients: Type.Array(Recipient, { maxItems: 200 }),
  contact: Type.Optional(
    Nullable(NoticeContact, {
      description: 'The 联系人 a 督办通知单 names; null: back to 督查秘书处; left out: unchanged',
    }),
  ),
  version: Index({ description: 'The version read (0 for the defaults)' }),
});

export const RunBody = Type.Object({ asOf: Type.Optional(LocalDate) });
export const RunResult = Type.Object(
  {
    runId: Type.Integer(),
    planId: Type.Integer(),
    asOf: Type.String(),
    raised: Type.Integer(),
    escalated: Type.Integer(),
  },
  { title: 'SupervisionRunResult' },
);
export const Run = Type.Object({
  id: Type.Integer(),
  asOf: Type.String(),
  trigger: Type.String(),
  actor: Type.String(),
  raised: Type.Integer(),
  escalated: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Type.String(),
});
export const RunPage = PageOf(Run, 'SupervisionRunPage');
export const PageQuery = Type.Object(pageQueryFields);

export const WebhookFormat = Type.Union(
  [Type.Literal('generic'), Type.Literal('wecom'), Type.Literal('dingtalk')],
  {
    title: 'WebhookFormat',
    description: 'generic (signed JSON), wecom (企业微信 robot), dingtalk (钉钉 robot)',
  },
);
export const Webhook = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    url: Type.String(),
    format: WebhookFormat,
    signed: Type.Boolean(),
    planId: Nullable(Type.Integer()),
    minLevel: Level,
    enabled: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Webhook' },
);
export const WebhookPage = PageOf(Webhook, 'WebhookPage');
const webhookFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  format: WebhookFormat,
  secret: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
  planId: Type.Optional(Nullable(Id())),
  minLevel: Type.Optional(Level),
  enabled: Type.Optional(Type.Boolean()),
};
export const CreateWebhookBody = Type.Object(webhookFields);
export const UpdateWebhookBody = Type.Object({
  ...Type.Partial(Type.Object(webhookFields)).properties,
  version: Id(),
});
export const Delivery = Type.Object({
  id: Type.Integer(),
  noticeId: Nullable(Type.Integer()),
  eventId: Nullable(Type.Integer()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  responseStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
  payload: Type.String(),
});
export const DeliveryPage = PageOf(Delivery, 'WebhookDeliveryPage');

export type SettingsBodyT = Static<typeof SettingsBody>;
