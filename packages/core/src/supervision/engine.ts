import { addDays, daysBetween } from '../delivery/working-days.js';
import { isOpenState, isUnitStep, type NoticeState } from './lifecycle.js';

/** A local China date, 'YYYY-MM-DD' (the delivery calendar's dates). */
export type LocalDate = string;

/**
 * The supervision rules (督办规则), pure: given what the plan's delivery looks like on a day (a snapshot) and the
 * plan's thresholds, which notices to raise and which open notices go up a level. Running the rules twice for
 * one day finds nothing new the second time, and a notice's level never goes down while it is open.
 */
export type SupervisionRule = 'milestone_overdue' | 'report_missing' | 'indicator_off_track' | 'no_update';
export const SUPERVISION_RULES: readonly SupervisionRule[] = [
  'milestone_overdue',
  'report_missing',
  'indicator_off_track',
  'no_update',
];

export type NoticeLevel = 'blue' | 'yellow' | 'red';
export const NOTICE_LEVELS: readonly NoticeLevel[] = ['blue', 'yellow', 'red'];
const RANK: Record<NoticeLevel, number> = { blue: 0, yellow: 1, red: 2 };

/** The higher of two levels. */
export function maxLevel(a: NoticeLevel, b: NoticeLevel): NoticeLevel {
  return RANK[a] >= RANK[b] ? a : b;
}
/** One level up (red stays red). */
export function nextLevel(level: NoticeLevel): NoticeLevel {
  return level === 'blue' ? 'yellow' : 'red';
}
export function levelRank(level: NoticeLevel): number {
  return RANK[level];
}

/** Days late from which a finding is blue, yellow, red (each at least the one before). */
export interface LatenessThresholds {
  blue: number;
  yellow: number;
  red: number;
}

/** The indicator statuses that raise a notice, and at which level. */
export type IndicatorStatusLevels = Partial<Record<string, NoticeLevel>>;

/** A plan's supervision settings: set per plan by the secretariat; `DEFAULT_THRESHOLDS` otherwise. */
export interface SupervisionThresholds {
  milestoneOverdue: LatenessThresholds;
  /** Days after the report's due date. */
  reportMissing: LatenessThresholds;
  /**
   * An item quiet for `quietDays` (no report, no note, no work-plan change) is blue; `yellow` and `red` are the
   * days of silence from which it is yellow and red.
   */
  noUpdate: { quietDays: number; yellow: number; red: number };
  indicatorOffTrack: IndicatorStatusLevels;
  /**
   * Calendar days each step of a notice may take, by the state it waits in: an issued notice must be signed for
   * within `issued` days, and so on. An overdue step of the unit's raises the notice one level.
   */
  stepDays: Record<Exclude<NoticeState, 'closed'>, number>;
}

export const DEFAULT_THRESHOLDS: SupervisionThresholds = {
  milestoneOverdue: { blue: 1, yellow: 15, red: 30 },
  reportMissing: { blue: 1, yellow: 10, red: 20 },
  noUpdate: { quietDays: 90, yellow: 120, red: 150 },
  indicatorOffTrack: { off_track: 'yellow', deteriorating: 'red', not_achieved: 'red' },
  stepDays: { issued: 3, signed: 5, in_progress: 20, replied: 10, verified: 5 },
};

export type ThresholdProblem = { path: string; message: string };

/** What is wrong with a set of thresholds (empty when they are usable). */
export function thresholdProblems(t: SupervisionThresholds): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  const ordered = (path: string, a: number, b: number, c: number) => {
    for (const [k, v] of [
      ['blue', a],
      ['yellow', b],
      ['red', c],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 3650)
        problems.push({ path: `${path}/${k}`, message: 'a whole number of days from 0 to 3650' });
    }
    if (!(a <= b && b <= c))
      problems.push({ path, message: 'the days must not decrease from blue to yellow to red' });
  };
  ordered('/milestoneOverdue', t.milestoneOverdue.blue, t.milestoneOverdue.yellow, t.milestoneOverdue.red);
  ordered('/reportMissing', t.reportMissing.blue, t.reportMissing.yellow, t.reportMissing.red);
  ordered('/noUpdate', t.noUpdate.quietDays, t.noUpdate.yellow, t.noUpdate.red);
  if (t.noUpdate.quietDays < 1) problems.push({ path: '/noUpdate/quietDays', message: 'at least 1 day' });
  for (const [state, days] of Object.entries(t.stepDays)) {
    if (!Number.isInteger(days) || days < 1 || days > 365)
      problems.push({ path: `/stepDays/${state}`, message: 'a whole number of days from 1 to 365' });
  }
  return problems;
}

/** A live milestone of an approved work plan. */
export interface MilestoneFact {
  /** Stable across revisions and re-imports: the subject of its notice. */
  subjectKey: string;
  nodeId: number;
  unitId: number;
  title: string;
  dueDate: LocalDate;
  done: boolean;
}

/** A progress report a lead unit owes for a period, and whether it has come in. */
export interface ExpectedReportFact {
  subjectKey: string;
  nodeId: number;
  unitId: number;
  period: string;
  dueDate: LocalDate;
  /** The day it was submitted (accepted or waiting for review), or null when it has not come in. */
  submittedOn: LocalDate | null;
}

/** A target's status from the indicator dashboard, with the unit that leads its item. */
export interface IndicatorTargetFact {
  subjectKey: string;
  nodeId: number | null;
  unitId: number;
  text: string;
  status: string;
}

/** An item a lead unit answers for, with its latest sign of life. */
export interface ItemActivityFact {
  nodeId: number;
  unitId: number;
  title: string;
  /** The latest report, note or work-plan change; null when there was none. */
  lastUpdate: LocalDate | null;
  /** From when silence counts when there was no update at all (the plan's start of delivery). */
  since: LocalDate;
}

/** A notice that exists already (any state). */
export interface ExistingNotice {
  rule: SupervisionRule;
  subjectKey: string;
  level: NoticeLevel;
  state: NoticeState;
  /** When the step it waits in is due; null once closed. */
  stepDueOn: LocalDate | null;
}

export interface SupervisionSnapshot {
  milestones: readonly MilestoneFact[];
  expectedReports: readonly ExpectedReportFact[];
  indicatorTargets: readonly IndicatorTargetFact[];
  items: readonly ItemActivityFact[];
  notices: readonly ExistingNotice[];
}

/** What a rule found about one subject on the day. */
export interface Finding {
  rule: SupervisionRule;
  subjectKey: string;
  nodeId: number | null;
  unitId: number;
  level: NoticeLevel;
  /** The text the notice states (the milestone, the report period, the target, the item). */
  subject: string;
  /** The date the subject was due (or since when it is quiet); null for indicators. */
  dueDate: LocalDate | null;
  /** Days past `dueDate` on the day (0 for indicators). */
  daysLate: number;
  /** Indicator status, when the rule is indicator_off_track. */
  status?: string;
}

export interface NoticeToRaise extends Finding {
  raisedOn: LocalDate;
  stepDueOn: LocalDate;
}

export interface LevelChange {
  rule: SupervisionRule;
  subjectKey: string;
  from: NoticeLevel;
  to: NoticeLevel;
  /** `lateness`: later or further off than before; `step_overdue`: the unit's step was not taken in time. */
  reason: 'lateness' | 'step_overdue';
  /** The step's new due date when the step was overdue (it gets another period before it escalates again). */
  stepDueOn: LocalDate | null;
  daysLate: number;
}

export interface SupervisionOutcome {
  asOf: LocalDate;
  raise: NoticeToRaise[];
  levelChanges: LevelChange[];
}

/** The level a lateness reaches, or null below the blue threshold. */
export function levelForLateness(days: number, t: LatenessThresholds): NoticeLevel | null {
  if (days >= t.red) return 'red';
  if (days >= t.yellow) return 'yellow';
  if (days >= t.blue && days > 0) return 'blue';
  return null;
}

/** The key a notice is known by: one notice per rule and subject, ever, within a plan. */
export const noticeKey = (rule: SupervisionRule, subjectKey: string): string => `${rule}|${subjectKey}`;

/** Everything the rules find on `asOf`: one finding per subject that is late or off track enough to notice. */
export function findings(
  snapshot: SupervisionSnapshot,
  asOf: LocalDate,
  t: SupervisionThresholds,
): Finding[] {
  const out: Finding[] = [];
  for (const m of snapshot.milestones) {
    if (m.done) continue;
    const late = daysBetween(m.dueDate, asOf);
    const level = levelForLateness(late, t.milestoneOverdue);
    if (level)
      out.push({
        rule: 'milestone_overdue',
        subjectKey: m.subjectKey,
        nodeId: m.nodeId,
        unitId: m.unitId,
        level,
        subject: m.title,
        dueDate: m.dueDate,
        daysLate: late,
      });
  }
  for (const r of snapshot.expectedReports) {
    // A report that came in on or before the day is not missing, whenever it came in.
    if (r.submittedOn !== null && r.submittedOn <= asOf) continue;
    const late = daysBetween(r.dueDate, asOf);
    const level = levelForLateness(late, t.reportMissing);
    if (level)
      out.push({
        rule: 'report_missing',
        subjectKey: r.subjectKey,
        nodeId: r.nodeId,
        unitId: r.unitId,
        level,
        subject: r.period,
        dueDate: r.dueDate,
        daysLate: late,
      });
  }
  for (const x of snapshot.indicatorTargets) {
    const level = t.indicatorOffTrack[x.status];
    if (level)
      out.push({
        rule: 'indicator_off_track',
        subjectKey: x.subjectKey,
        nodeId: x.nodeId,
        unitId: x.unitId,
        level,
        subject: x.text,
        dueDate: null,
        daysLate: 0,
        status: x.status,
      });
  }
  for (const i of snapshot.items) {
    const since = i.lastUpdate ?? i.since;
    const quiet = daysBetween(since, asOf);
    const n = t.noUpdate;
    const level: NoticeLevel | null =
      quiet >= n.red ? 'red' : quiet >= n.yellow ? 'yellow' : quiet >= n.quietDays ? 'blue' : null;
    if (level)
      out.push({
        rule: 'no_update',
        // A new silence after an update is a new subject: its notice is not the old one's.
        subjectKey: `${i.nodeId}:${i.unitId}:${since}`,
        nodeId: i.nodeId,
        unitId: i.unitId,
        level,
        subject: i.title,
        dueDate: since,
        daysLate: quiet,
      });
  }
  return out;
}

/**
 * Applies the rules on `asOf`: a notice for each finding that has none yet (at the level its lateness reaches),
 * and for each open notice the level it must now have — the higher of its level and its finding's, one up when
 * the unit's step is overdue (that step then gets another period). Levels never go down while a notice is open,
 * a closed notice stays as it was, and applying the outcome and running again for the same day finds nothing.
 */
export function supervise(
  snapshot: SupervisionSnapshot,
  asOf: LocalDate,
  t: SupervisionThresholds,
): SupervisionOutcome {
  const existing = new Map(snapshot.notices.map((n) => [noticeKey(n.rule, n.subjectKey), n]));
  const raise: NoticeToRaise[] = [];
  const levelChanges: LevelChange[] = [];
  const found = new Map<string, Finding>();
  for (const f of findings(snapshot, asOf, t)) {
    const key = noticeKey(f.rule, f.subjectKey);
    const prev = found.get(key);
    if (!prev || RANK[f.level] > RANK[prev.level]) found.set(key, f);
  }
  for (const [key, f] of found) {
    if (existing.has(key)) continue;
    raise.push({ ...f, raisedOn: asOf, stepDueOn: addDays(asOf, t.stepDays.issued) });
  }
  for (const n of snapshot.notices) {
    if (!isOpenState(n.state)) continue;
    const f = found.get(noticeKey(n.rule, n.subjectKey));
    const stepOverdue = isUnitStep(n.state) && n.stepDueOn !== null && n.stepDueOn < asOf;
    const byLateness = f ? maxLevel(n.level, f.level) : n.level;
    const to = stepOverdue ? maxLevel(byLateness, nextLevel(n.level)) : byLateness;
    if (to === n.level && !stepOverdue) continue;
    levelChanges.push({
      rule: n.rule,
      subjectKey: n.subjectKey,
      from: n.level,
      to,
      reason: stepOverdue ? 'step_overdue' : 'lateness',
      stepDueOn: stepOverdue ? addDays(asOf, t.stepDays[n.state as Exclude<NoticeState, 'closed'>]) : null,
      daysLate: f?.daysLate ?? 0,
    });
  }
  return { asOf, raise, levelChanges };
}

/**
 * The notices after an outcome is applied: what the server writes, done in memory (for tests, replays and
 * previews). New notices are issued; level changes set the level and, for an overdue step, its new due date.
 */
export function applyOutcome(
  notices: readonly ExistingNotice[],
  outcome: SupervisionOutcome,
): ExistingNotice[] {
  const changes = new Map(outcome.levelChanges.map((c) => [noticeKey(c.rule, c.subjectKey), c]));
  const out = notices.map((n) => {
    const c = changes.get(noticeKey(n.rule, n.subjectKey));
    return c ? { ...n, level: c.to, stepDueOn: c.stepDueOn ?? n.stepDueOn } : n;
  });
  for (const r of outcome.raise)
    out.push({
      rule: r.rule,
      subjectKey: r.subjectKey,
      level: r.level,
      state: 'issued',
      stepDueOn: r.stepDueOn,
    });
  return out;
}
