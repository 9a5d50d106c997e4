import { daysBetween } from './working-days.js';

/** A milestone's state as last reported. */
export type MilestoneState = 'not_started' | 'in_progress' | 'done';

export const MILESTONE_STATES: readonly MilestoneState[] = ['not_started', 'in_progress', 'done'];

/** The light shown beside an item: on track, slipping, late, or nothing to judge yet. */
export type DeliveryLight = 'green' | 'yellow' | 'red' | 'grey';

/** What the roll-up needs of a milestone. */
export interface MilestoneStatus {
  dueDate: string;
  weight: number;
  state: MilestoneState;
  /** Reported percent complete, 0–100; ignored when `state` is done (a done milestone counts 100). */
  percent: number;
}

/** Days a milestone may be overdue before its item's light turns red; any overdue day makes it at least yellow. */
export const RED_DAYS_OVERDUE = 30;
/** Points progress may trail the planned progress before the light turns yellow, and red. */
export const YELLOW_POINTS_BEHIND = 10;
export const RED_POINTS_BEHIND = 30;

function clampPercent(p: number): number {
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}

/** A milestone's progress: 100 when done, else its reported percent (clamped to 0–100). */
export function milestoneProgress(m: Pick<MilestoneStatus, 'state' | 'percent'>): number {
  return m.state === 'done' ? 100 : clampPercent(m.percent);
}

/** The weights actually used: the stated ones, or equal weights when they do not sum to a positive number. */
function effectiveWeights(ms: readonly MilestoneStatus[]): number[] {
  const ws = ms.map((m) => (Number.isFinite(m.weight) && m.weight > 0 ? m.weight : 0));
  return ws.reduce((a, b) => a + b, 0) > 0 ? ws : ms.map(() => 1);
}

function weightedMean(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, i) => {
    sum += v * (weights[i] ?? 0);
    total += weights[i] ?? 0;
  });
  // Clamped: with extreme weights, sum / total can land a rounding error outside the values' range.
  return total > 0 ? clampPercent(sum / total) : 0;
}

/**
 * A work plan's progress, 0–100: the mean of its milestones' progress weighted by their weights (equal weights
 * if none is positive). Null when it has no milestones.
 */
export function workPlanProgress(ms: readonly MilestoneStatus[]): number | null {
  if (ms.length === 0) return null;
  return weightedMean(ms.map(milestoneProgress), effectiveWeights(ms));
}

/**
 * The progress a work plan should have reached by `asOf`: the weighted share of its milestones due on or before
 * that day. Null when it has no milestones.
 */
export function plannedProgress(ms: readonly MilestoneStatus[], asOf: string): number | null {
  if (ms.length === 0) return null;
  return weightedMean(
    ms.map((m) => (m.dueDate <= asOf ? 100 : 0)),
    effectiveWeights(ms),
  );
}

/** A task's roll-up: its progress, what was planned by now, its overdue milestones and its light. */
export interface TaskRollup {
  /** 0–100, or null when no work plan of the task has milestones. */
  progress: number | null;
  planned: number | null;
  overdueMilestones: number;
  /** Calendar days the most overdue milestone is late (0 when none is). */
  maxDaysOverdue: number;
  light: DeliveryLight;
}

/**
 * The light of a task from its progress against plan and its overdue milestones:
 * - grey: nothing to judge (no milestones);
 * - red: a milestone more than RED_DAYS_OVERDUE days overdue, or progress RED_POINTS_BEHIND or more points behind
 *   the planned progress;
 * - yellow: any milestone overdue, or progress YELLOW_POINTS_BEHIND or more points behind;
 * - green otherwise.
 */
export function deliveryLight(r: Omit<TaskRollup, 'light'>): DeliveryLight {
  if (r.progress === null || r.planned === null) return 'grey';
  const behind = r.planned - r.progress;
  if (r.maxDaysOverdue > RED_DAYS_OVERDUE || behind >= RED_POINTS_BEHIND) return 'red';
  if (r.overdueMilestones > 0 || behind >= YELLOW_POINTS_BEHIND) return 'yellow';
  return 'green';
}

/**
 * A task's roll-up on `asOf` from the milestones of its lead units' work plans (one list per work plan). The
 * task's progress is the plain mean of its work plans' progress (each from its milestones' weights), so two lead
 * units count alike however many milestones each planned; planned progress likewise. A milestone is overdue when
 * it is not done and its due date is before `asOf`.
 */
export function taskRollup(workPlans: readonly (readonly MilestoneStatus[])[], asOf: string): TaskRollup {
  const measured = workPlans.filter((ms) => ms.length > 0);
  let overdue = 0;
  let maxDays = 0;
  for (const ms of measured) {
    for (const m of ms) {
      if (m.state !== 'done' && m.dueDate < asOf) {
        overdue += 1;
        maxDays = Math.max(maxDays, daysBetween(m.dueDate, asOf));
      }
    }
  }
  const mean = (xs: number[]): number | null =>
    xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  const progress = mean(measured.map((ms) => workPlanProgress(ms) ?? 0));
  const planned = mean(measured.map((ms) => plannedProgress(ms, asOf) ?? 0));
  const r = { progress, planned, overdueMilestones: overdue, maxDaysOverdue: maxDays };
  return { ...r, light: deliveryLight(r) };
}

/** An item of the plan tree, as the roll-up sees it. */
export interface RollupItem {
  id: number;
  parentId: number | null;
}

/** An item's roll-up: progress and light, and how many tasks below it (itself included) were measured. */
export interface ItemRollup {
  progress: number | null;
  light: DeliveryLight;
  /** Tasks in the item's subtree (itself included) that have milestones. */
  measuredTasks: number;
  overdueMilestones: number;
}

const LIGHT_RANK: Record<DeliveryLight, number> = { grey: 0, green: 1, yellow: 2, red: 3 };

/**
 * Progress and light for every item of a plan tree. The stated rule:
 * - a task (an item in `tasks` with milestones) is measured by `taskRollup`;
 * - any item's progress is the mean of the progress of the measured tasks in its subtree, itself included — that
 *   is, the mean of its children's progress weighted by the number of measured tasks in each (and its own, as
 *   one task, when it is one). Tasks without milestones are left out, not counted as 0; an item with no measured
 *   task has progress null;
 * - an item's light is the worst light among the measured tasks in its subtree (red > yellow > green), grey when
 *   there is none.
 * Items are given in any order; the plan's progress is the mean over all measured tasks, computed by the caller
 * with `planRollup`. Linear in the number of items.
 */
export function rollUpTree(
  items: readonly RollupItem[],
  tasks: ReadonlyMap<number, TaskRollup>,
): Map<number, ItemRollup> {
  interface Acc {
    sum: number;
    count: number;
    light: DeliveryLight;
    overdue: number;
  }
  const acc = new Map<number, Acc>();
  const parent = new Map<number, number | null>();
  for (const it of items) {
    parent.set(it.id, it.parentId);
    acc.set(it.id, { sum: 0, count: 0, light: 'grey', overdue: 0 });
  }
  // Each measured task adds itself to every ancestor: O(items × depth), and plan trees are shallow.
  for (const it of items) {
    const t = tasks.get(it.id);
    if (!t || t.progress === null) continue;
    const seen = new Set<number>();
    for (let id: number | null | undefined = it.id; id != null && !seen.has(id); id = parent.get(id)) {
      seen.add(id);
      const a = acc.get(id);
      if (!a) break;
      a.sum += t.progress;
      a.count += 1;
      a.overdue += t.overdueMilestones;
      if (LIGHT_RANK[t.light] > LIGHT_RANK[a.light]) a.light = t.light;
    }
  }
  const out = new Map<number, ItemRollup>();
  for (const [id, a] of acc) {
    out.set(id, {
      progress: a.count ? a.sum / a.count : null,
      light: a.light,
      measuredTasks: a.count,
      overdueMilestones: a.overdue,
    });
  }
  return out;
}

/** The whole plan's roll-up: the same rule as `rollUpTree` over every measured task of the plan. */
export function planRollup(tasks: Iterable<TaskRollup>): ItemRollup {
  let sum = 0;
  let count = 0;
  let overdue = 0;
  let light: DeliveryLight = 'grey';
  for (const t of tasks) {
    if (t.progress === null) continue;
    sum += t.progress;
    count += 1;
    overdue += t.overdueMilestones;
    if (LIGHT_RANK[t.light] > LIGHT_RANK[light]) light = t.light;
  }
  return { progress: count ? sum / count : null, light, measuredTasks: count, overdueMilestones: overdue };
}
