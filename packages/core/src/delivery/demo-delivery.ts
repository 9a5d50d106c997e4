import type { Period } from '../indicators/period.js';
import { reportingPeriods, type ReportFrequency } from './report-cycles.js';
import { addDays, addWorkingDays, daysBetween } from './working-days.js';
import type { MilestoneState } from './rollup.js';

/**
 * A deterministic generator of example delivery data (示例数据) for a demo plan: each lead unit's work plan for
 * each of its tasks, and its progress reports for every period of the cycle, with the lifelike mix the supervision
 * board needs — some units on time, some late, some missing reports, some slipping milestones. The same input
 * gives the same output (a seeded PRNG per task and unit, so the order of `tasks` does not matter). Nothing here
 * claims to be real; every row it feeds is marked as example data.
 */

/** How a unit behaves in the demo. */
export type DemoUnitProfile = 'punctual' | 'late' | 'missing' | 'slipping';

const PROFILES: readonly DemoUnitProfile[] = ['punctual', 'late', 'missing', 'slipping'];
/** A unit leading this many tasks or more gets a behaviour per task rather than one for all. */
const MIXED_FROM_TASKS = 5;

export interface DemoTaskInput {
  /** A stable key of the item (its id or path). */
  key: string;
  title: string;
  leadUnits: readonly string[];
  supportUnits: readonly string[];
}

export interface DemoDeliveryInput {
  tasks: readonly DemoTaskInput[];
  fromYear: number;
  toYear: number;
  frequency: ReportFrequency;
  dueWorkingDays: number;
  seed?: number;
  /** Units in the order their profiles are dealt (punctual, late, missing, slipping, punctual …). */
  units: readonly string[];
}

export interface DemoMilestone {
  key: string;
  title: string;
  dueDate: string;
  deliverable: string;
  weight: number;
}

export interface DemoWorkPlan {
  taskKey: string;
  unit: string;
  submittedOn: string;
  approvedOn: string;
  milestones: DemoMilestone[];
  /** An approved change request: a milestone moved later, with the reason. */
  change: { reason: string; submittedOn: string; approvedOn: string; milestones: DemoMilestone[] } | null;
  /** Each milestone's state at the end: done with its completion date, or not. */
  outcome: { key: string; state: MilestoneState; percent: number; completedOn: string | null }[];
}

export interface DemoReportEvent {
  action: 'submitted' | 'returned' | 'accepted';
  on: string;
  comment: string | null;
}

export interface DemoReport {
  taskKey: string;
  unit: string;
  period: Period;
  dueDate: string;
  submittedOn: string;
  status: 'accepted' | 'submitted';
  percent: number;
  progress: string;
  problems: string;
  nextSteps: string;
  milestones: { key: string; state: MilestoneState; percent: number; completedOn: string | null }[];
  events: DemoReportEvent[];
  contributions: { unit: string; progress: string }[];
}

export interface DemoDelivery {
  profiles: Map<string, DemoUnitProfile>;
  workPlans: DemoWorkPlan[];
  reports: DemoReport[];
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; deterministic for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, mixed with a seed. */
function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const MILESTONE_TEMPLATES: readonly { title: string; deliverable: string }[] = [
  { title: '制定细化工作方案', deliverable: '工作方案（正式印发文件）' },
  { title: '完成调研摸底和项目储备', deliverable: '调研报告、项目清单' },
  { title: '推动重点项目落地实施', deliverable: '项目推进台账' },
  { title: '开展中期评估', deliverable: '中期评估报告' },
  { title: '完善配套政策措施', deliverable: '配套政策文件' },
  { title: '形成总结报告', deliverable: '工作总结报告' },
];

const PROGRESS_TEXTS = [
  '按计划推进，本期召开专题推进会1次，完成阶段性工作。',
  '牵头组织相关部门会商，细化任务分工，工作有序开展。',
  '重点项目按节点推进，已完成主要建设内容。',
  '持续跟踪落实，配合部门按要求报送进展。',
];
const PROBLEM_TEXTS = [
  '无',
  '部分配合单位资料报送不及时。',
  '项目资金到位较慢，影响推进节奏。',
  '政策衔接尚需进一步协调。',
];
const NEXT_TEXTS = ['按计划推进下阶段工作。', '加强督促协调，确保按期完成。', '做好阶段总结，梳理存在问题。'];

function pick<T>(xs: readonly T[], r: () => number): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** The weekday on or before `date` that is a working day (a demo submission never falls on a holiday). */
function workingDayOnOrBefore(date: string): string {
  return addWorkingDays(addWorkingDays(date, 1), -1);
}

function milestoneStateAt(
  m: DemoMilestone,
  start: string,
  completedOn: string | null,
  at: string,
): { state: MilestoneState; percent: number; completedOn: string | null } {
  if (completedOn !== null && completedOn <= at) return { state: 'done', percent: 100, completedOn };
  if (at < start) return { state: 'not_started', percent: 0, completedOn: null };
  const span = Math.max(1, daysBetween(start, m.dueDate));
  const percent = Math.min(95, Math.max(5, Math.round((daysBetween(start, at) / span) * 90)));
  return { state: 'in_progress', percent, completedOn: null };
}

/** Generates the example delivery data; see the module comment. */
export function generateDemoDelivery(input: DemoDeliveryInput): DemoDelivery {
  const seed = input.seed ?? 2013;
  const profiles = new Map<string, DemoUnitProfile>();
  input.units.forEach((u, i) => profiles.set(u, PROFILES[i % PROFILES.length] as DemoUnitProfile));
  const first = input.frequency === 'month' ? `${input.fromYear}-01` : `${input.fromYear}-Q1`;
  const last = input.frequency === 'month' ? `${input.toYear}-12` : `${input.toYear}-Q4`;
  const periods = reportingPeriods(input.frequency, first as Period, last as Period, input.dueWorkingDays);
  const planStart = `${input.fromYear}-01-01`;
  const planEnd = `${input.toYear}-12-31`;
  const planDays = daysBetween(planStart, planEnd);

  const workPlans: DemoWorkPlan[] = [];
  const reports: DemoReport[] = [];
  const taskCount = new Map<string, number>();
  for (const task of input.tasks)
    for (const u of task.leadUnits) taskCount.set(u, (taskCount.get(u) ?? 0) + 1);
  for (const task of input.tasks) {
    for (const unit of task.leadUnits) {
      const r = prng(hash(`${task.key}\u0000${unit}`, seed));
      // A unit that leads many tasks is uneven: each of its tasks draws a behaviour of its own.
      const profile =
        (taskCount.get(unit) ?? 0) >= MIXED_FROM_TASKS
          ? (PROFILES[Math.floor(r() * PROFILES.length)] as DemoUnitProfile)
          : (profiles.get(unit) ?? 'punctual');
      // One work plan in ten is never written: the item stays grey.
      if (r() < 0.1) continue;
      const count = 3 + Math.floor(r() * 3);
      const milestones: DemoMilestone[] = [];
      for (let i = 0; i < count; i++) {
        const template = MILESTONE_TEMPLATES[
          Math.min(i, MILESTONE_TEMPLATES.length - 1)
        ] as (typeof MILESTONE_TEMPLATES)[number];
        const at = Math.round(((i + 1) / count) * planDays * (0.85 + r() * 0.1));
        milestones.push({
          key: `m${i + 1}`,
          title: template.title,
          dueDate: workingDayOnOrBefore(addDays(planStart, Math.min(planDays, at))),
          deliverable: template.deliverable,
          weight: 1 + Math.floor(r() * 3),
        });
      }
      const submittedOn = workingDayOnOrBefore(addDays(planStart, 40 + Math.floor(r() * 30)));
      const approvedOn = addWorkingDays(submittedOn, 2 + Math.floor(r() * 5));

      // When each milestone is actually finished (null: not by the end of the plan).
      const completion = milestones.map((m) => {
        const delay =
          profile === 'slipping'
            ? 20 + Math.floor(r() * 200)
            : profile === 'late'
              ? Math.floor(r() * 50) - 10
              : Math.floor(r() * 25) - 20;
        const never = profile === 'slipping' && r() < 0.25;
        const on = addDays(m.dueDate, delay);
        return never || on > planEnd ? null : workingDayOnOrBefore(on);
      });
      let change: DemoWorkPlan['change'] = null;
      let live = milestones;
      if (profile === 'slipping' && milestones.length > 2) {
        // The unit asks to move its third milestone by two months, and the secretariat approves.
        const moved = milestones.map((m, i) =>
          i === 2 ? { ...m, dueDate: workingDayOnOrBefore(addDays(m.dueDate, 60)) } : m,
        );
        const changeOn = workingDayOnOrBefore(addDays((milestones[2] as DemoMilestone).dueDate, -30));
        change = {
          reason: '受项目审批进度影响，申请将第三个节点顺延两个月。',
          submittedOn: changeOn,
          approvedOn: addWorkingDays(changeOn, 3),
          milestones: moved,
        };
        live = moved;
      }
      const starts = live.map((_, i) => (i === 0 ? approvedOn : (live[i - 1] as DemoMilestone).dueDate));
      workPlans.push({
        taskKey: task.key,
        unit,
        submittedOn,
        approvedOn,
        milestones,
        change,
        outcome: live
          .map((m, i) => milestoneStateAt(m, starts[i] as string, completion[i] ?? null, planEnd))
          .map((s, i) => ({
            key: (live[i] as DemoMilestone).key,
            ...s,
          })),
      });

      for (const p of periods) {
        if (p.dueDate < approvedOn) continue;
        const roll = r();
        if (profile === 'missing' ? roll < 0.35 : roll < 0.03) continue;
        const lateness =
          profile === 'late'
            ? 3 + Math.floor(r() * 30)
            : profile === 'missing' && r() < 0.3
              ? 1 + Math.floor(r() * 10)
              : -Math.floor(r() * 4);
        const submitted = addWorkingDays(p.dueDate, lateness);
        const states = live.map((m, i) => ({
          key: m.key,
          ...milestoneStateAt(m, starts[i] as string, completion[i] ?? null, p.end),
        }));
        const weights = live.reduce((a, m) => a + m.weight, 0);
        const percent = Math.round(
          live.reduce((a, m, i) => a + m.weight * (states[i]?.percent ?? 0), 0) / weights,
        );
        const events: DemoReportEvent[] = [{ action: 'submitted', on: submitted, comment: null }];
        if (r() < 0.08) {
          const back = addWorkingDays(submitted, 2);
          events.push({ action: 'returned', on: back, comment: '请补充佐证材料并细化存在问题。' });
          events.push({ action: 'submitted', on: addWorkingDays(back, 2), comment: null });
        }
        const lastEvent = events[events.length - 1] as DemoReportEvent;
        events.push({ action: 'accepted', on: addWorkingDays(lastEvent.on, 3), comment: null });
        reports.push({
          taskKey: task.key,
          unit,
          period: p.period,
          dueDate: p.dueDate,
          submittedOn: submitted,
          status: 'accepted',
          percent,
          progress: pick(PROGRESS_TEXTS, r),
          problems: pick(PROBLEM_TEXTS, r),
          nextSteps: pick(NEXT_TEXTS, r),
          milestones: states,
          events,
          contributions: task.supportUnits
            .slice(0, 2)
            .map((u) => ({ unit: u, progress: `${u}按分工配合推进，本期无新增问题。` })),
        });
      }
    }
  }
  return { profiles, workPlans, reports };
}
