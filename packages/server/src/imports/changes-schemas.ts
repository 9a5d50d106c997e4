import { Type } from '@sinclair/typebox';

/**
 * What a revision changes in a plan: a re-import's draft against the plan, or one stored version against another.
 * In a module of its own, so that both the imports' and the plans' schemas can use it.
 */

const NodeRef = Type.Object(
  { path: Type.String(), label: Type.String(), title: Type.String() },
  { title: 'NodeRef' },
);

const TargetKey = Type.Object(
  {
    indicator: Type.String(),
    comparator: Type.String(),
    value: Type.Number(),
    unit: Type.String(),
    deadlineYear: Type.Union([Type.Integer(), Type.Null()]),
  },
  { title: 'TargetKey' },
);

const TargetChange = Type.Object(
  {
    kind: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
    before: Type.Union([TargetKey, Type.Null()]),
    after: Type.Union([TargetKey, Type.Null()]),
    fields: Type.Array(Type.String()),
  },
  { title: 'TargetChange' },
);

export const PlanChanges = Type.Object(
  {
    added: Type.Array(NodeRef),
    removed: Type.Array(NodeRef),
    changed: Type.Array(Type.Object({ before: NodeRef, after: NodeRef, fields: Type.Array(Type.String()) })),
    targetsAdded: Type.Integer(),
    targetsRemoved: Type.Integer(),
    targetsChanged: Type.Integer(),
    targetChanges: Type.Array(TargetChange),
  },
  { title: 'PlanChanges' },
);
