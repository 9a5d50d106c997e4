import { PageOf, pageQueryFields } from '../openapi/paging.js';
import { Type } from '@sinclair/typebox';
import { Comparator, TargetInput } from '../plans/schemas.js';
import { Id, Index } from '../common-schemas.js';
import { AreaRef } from '../areas/schemas.js';
import { PlanChanges } from './changes-schemas.js';
import { DeadlineInput, DraftDeadline } from '../plans/deadlines.js';

/**
 * `[start, end)`: UTF-16 offsets into the source text. Written as an array of exactly two integers rather than a
 * tuple, since OpenAPI 3.0 has no tuples (`items` must be one schema) and generated clients would reject the
 * document; the wire format is the same.
 */
const Span = Type.Array(Type.Integer({ minimum: 0 }), {
  minItems: 2,
  maxItems: 2,
  title: 'Span',
  description: '[start, end): UTF-16 offsets into the source text, start inclusive, end exclusive',
});
const Localized = Type.Object({ zh: Type.String(), en: Type.String() });

/** `@luoshi/core`'s `PlanNodeDraft`, registered by id because it nests. */
export const PlanNodeDraft = Type.Object(
  {
    label: Type.String(),
    kind: Type.Union([Type.Literal('section'), Type.Literal('task'), Type.Literal('measure')]),
    title: Type.String(),
    body: Type.String(),
    leadUnits: Type.Array(Type.String()),
    supportUnits: Type.Array(Type.String()),
    unitMentions: Type.Array(
      Type.Object({
        name: Type.String(),
        role: Type.Union([Type.Literal('lead'), Type.Literal('support')]),
        span: Span,
      }),
    ),
    span: Span,
    deadline: Type.Union([DraftDeadline, Type.Null()], {
      description: "The completion deadline stated in the item's own text, or null",
    }),
    children: Type.Array(Type.Ref('PlanNodeDraft')),
  },
  { $id: 'PlanNodeDraft', title: 'PlanNodeDraft' },
);

export const TargetDraft = Type.Object(
  {
    indicator: Type.String(),
    comparator: Comparator,
    value: Type.Number(),
    unit: Type.String(),
    deadlineYear: Type.Union([Type.Integer(), Type.Null()]),
    cumulative: Type.Boolean(),
    text: Type.String(),
    span: Span,
  },
  { title: 'TargetDraft' },
);

const Period = Type.Object(
  {
    from: Type.Integer({ minimum: 1900, maximum: 2200 }),
    to: Type.Integer({ minimum: 1900, maximum: 2200 }),
  },
  { title: 'PlanPeriod' },
);

export const PlanDraftSchema = Type.Object(
  {
    title: Type.String(),
    issuer: Type.Union([Type.String(), Type.Null()]),
    documentNumber: Type.Union([Type.String(), Type.Null()]),
    period: Type.Union([Period, Type.Null()]),
    references: Type.Array(Type.String()),
    nodes: Type.Array(Type.Ref('PlanNodeDraft')),
    units: Type.Array(Type.String()),
    supportUnits: Type.Array(Type.String()),
    targets: Type.Array(TargetDraft),
    diagnostics: Type.Array(
      Type.Object({
        severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
        code: Type.String(),
        message: Localized,
        span: Type.Union([Span, Type.Null()]),
      }),
    ),
  },
  { title: 'PlanDraft' },
);

export const ImportDraft = Type.Object(
  {
    id: Type.Integer(),
    planId: Type.Union([Type.Integer(), Type.Null()]),
    status: Type.Union([Type.Literal('draft'), Type.Literal('confirmed'), Type.Literal('discarded')]),
    fileName: Type.Union([Type.String(), Type.Null()]),
    format: Type.String(),
    encoding: Type.Union([Type.String(), Type.Null()]),
    sourceText: Type.String(),
    draft: PlanDraftSchema,
    area: Type.Union([AreaRef, Type.Null()], {
      description: "The plan's jurisdiction; the draft's unit names are resolved there",
    }),
    areaSource: Type.Union(
      [
        Type.Literal('issuer'),
        Type.Literal('plan'),
        Type.Literal('home'),
        Type.Literal('reviewer'),
        Type.Null(),
      ],
      { description: 'issuer: detected; plan: a re-import keeps it; home: the default; reviewer: chosen' },
    ),
    unitResolution: Type.Array(
      Type.Object({
        name: Type.String(),
        unitId: Type.Union([Type.Integer(), Type.Null()]),
        unitName: Type.Union([Type.String(), Type.Null()]),
        matchedBy: Type.Union([Type.Literal('name'), Type.Literal('alias'), Type.Null()]),
      }),
    ),
    changes: Type.Union([PlanChanges, Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'ImportDraft' },
);

export const ImportSummary = Type.Object(
  {
    id: Type.Integer(),
    planId: Type.Union([Type.Integer(), Type.Null()]),
    status: Type.String(),
    fileName: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    createdAt: Type.String(),
    createdBy: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'ImportSummary' },
);
export const ImportPage = PageOf(ImportSummary, 'ImportPage');
export const ImportsQuery = Type.Object(pageQueryFields);

export const CreateImportBody = Type.Object(
  {
    text: Type.String({ maxLength: 10 * 1024 * 1024 }),
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    planId: Type.Optional(Id()),
  },
  { additionalProperties: false, title: 'CreateImportBody' },
);

export const ReimportBody = Type.Object(
  {
    text: Type.String({ maxLength: 10 * 1024 * 1024 }),
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false, title: 'ReimportBody' },
);

/**
 * What a multipart upload carries: field `file` (required) and optionally `planId`. It documents the form for
 * OpenAPI readers; the route reads the parts itself (the parsed body is empty), so the schema deliberately has
 * no `type` or `required` that validation of the empty body would trip over.
 */
export const UploadImportBody = Type.Unsafe<unknown>({
  title: 'UploadImportBody',
  description:
    'multipart/form-data: `file` (a .txt, .html or .docx document, required) and optionally `planId`.',
  properties: {
    file: { type: 'string', format: 'binary' },
    planId: { type: 'string', pattern: '^[1-9][0-9]{0,9}$', description: 'an integer from 1 to 2147483647' },
  },
});

export const ImportIdParams = Type.Object({ id: Id() });
export const ImportNodeParams = Type.Object({
  id: Id(),
  path: Type.String({ pattern: '^\\d+(\\.\\d+)*$', maxLength: 100 }),
});
export const ImportTargetParams = Type.Object({
  id: Id(),
  index: Index(),
});

const UnitNames = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 });
export const EditImportNodeBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    leadUnits: Type.Optional(UnitNames),
    supportUnits: Type.Optional(UnitNames),
    deadline: Type.Optional(Type.Union([DeadlineInput, Type.Null()], { description: 'null clears it' })),
  },
  { additionalProperties: false },
);

const OptionalText = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
export const EditImportBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    period: Type.Optional(Type.Union([Period, Type.Null()])),
    issuer: OptionalText(200),
    documentNumber: OptionalText(100),
    areaId: Type.Optional(Id({ description: "The plan's jurisdiction (not for a re-import)" })),
  },
  { additionalProperties: false },
);

export const ConfirmImportBody = Type.Object(
  {
    unitMappings: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), unitId: Id() },
          { additionalProperties: false },
        ),
        {
          maxItems: 500,
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ConfirmImportResult = Type.Object({ planId: Type.Integer() }, { title: 'ConfirmImportResult' });

export { TargetInput };

export { PlanChanges };
