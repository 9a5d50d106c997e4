import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  milestoneProgress,
  planRollup,
  plannedProgress,
  rollUpTree,
  taskRollup,
  workPlanProgress,
  type MilestoneStatus,
  type TaskRollup,
} from './rollup.js';
import { addDays } from './working-days.js';

const date = fc.integer({ min: 0, max: 3 * 366 }).map((d) => addDays('2013-01-01', d));
const milestone: fc.Arbitrary<MilestoneStatus> = fc.record({
  dueDate: date,
  weight: fc.oneof(
    fc.double({ min: -5, max: 10, noNaN: true }),
    fc.constant(0),
    fc.integer({ min: 1, max: 5 }),
  ),
  state: fc.constantFrom('not_started', 'in_progress', 'done'),
  percent: fc.integer({ min: -20, max: 150 }),
});

describe('roll-up', () => {
  it('keeps a work plan’s progress within 0–100 and between its milestones’ least and most', () => {
    fc.assert(
      fc.property(fc.array(milestone, { minLength: 1, maxLength: 12 }), (ms) => {
        const p = workPlanProgress(ms);
        const each = ms.map(milestoneProgress);
        expect(p).not.toBeNull();
        expect(p!).toBeGreaterThanOrEqual(Math.min(...each) - 1e-9);
        expect(p!).toBeLessThanOrEqual(Math.max(...each) + 1e-9);
        expect(p!).toBeGreaterThanOrEqual(0);
        expect(p!).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('counts done as 100 whatever percent was reported, and weighs by weight', () => {
    expect(milestoneProgress({ state: 'done', percent: 10 })).toBe(100);
    const ms: MilestoneStatus[] = [
      { dueDate: '2013-06-30', weight: 3, state: 'done', percent: 0 },
      { dueDate: '2013-12-31', weight: 1, state: 'in_progress', percent: 40 },
    ];
    expect(workPlanProgress(ms)).toBe(85);
    expect(plannedProgress(ms, '2013-07-01')).toBe(75);
    expect(workPlanProgress([])).toBeNull();
  });

  it('turns a task red when a milestone is over 30 days late, yellow when less, grey with no milestones', () => {
    const late: MilestoneStatus = { dueDate: '2013-06-30', weight: 1, state: 'in_progress', percent: 90 };
    const later: MilestoneStatus = { dueDate: '2014-06-30', weight: 9, state: 'in_progress', percent: 60 };
    expect(taskRollup([[late, later]], '2013-07-10')).toMatchObject({
      light: 'yellow',
      overdueMilestones: 1,
      maxDaysOverdue: 10,
    });
    expect(taskRollup([[late, later]], '2013-08-01').light).toBe('red');
    expect(taskRollup([[{ ...late, state: 'done' }, later]], '2013-08-01').light).toBe('green');
    expect(taskRollup([], '2013-08-01')).toMatchObject({ light: 'grey', progress: null });
    // Far behind the planned progress though nothing is overdue yet.
    const due = { dueDate: '2013-08-01', weight: 1, state: 'not_started' as const, percent: 0 };
    expect(
      taskRollup([[due, { ...due, dueDate: '2013-07-01', state: 'done' as const }]], '2013-08-01').light,
    ).toBe('red');
  });

  it('any overdue milestone makes a task at least yellow; none and on plan keeps it green', () => {
    fc.assert(
      fc.property(fc.array(fc.array(milestone, { maxLength: 6 }), { maxLength: 3 }), date, (plans, asOf) => {
        const r = taskRollup(plans, asOf);
        const anyMilestone = plans.some((ms) => ms.length > 0);
        const overdue = plans.flat().some((m) => m.state !== 'done' && m.dueDate < asOf);
        if (!anyMilestone) expect(r.light).toBe('grey');
        if (overdue) expect(['yellow', 'red']).toContain(r.light);
        if (r.progress !== null) {
          expect(r.progress).toBeGreaterThanOrEqual(0);
          expect(r.progress).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it('gives every item the mean of the measured tasks below it: within their range, the root equal to the plan', () => {
    const tree = fc
      .array(fc.nat(), { minLength: 1, maxLength: 40 })
      .map((parents) => parents.map((p, i) => ({ id: i + 1, parentId: i === 0 ? null : (p % i) + 1 })));
    const rollup: fc.Arbitrary<TaskRollup | null> = fc.option(
      fc.record({
        progress: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
        planned: fc.constant(50),
        overdueMilestones: fc.nat(3),
        maxDaysOverdue: fc.nat(60),
        light: fc.constantFrom('green', 'yellow', 'red', 'grey'),
      }),
    );
    fc.assert(
      fc.property(tree, fc.array(rollup, { minLength: 40, maxLength: 40 }), (items, rs) => {
        const tasks = new Map<number, TaskRollup>();
        items.forEach((it, i) => {
          const r = rs[i];
          if (r) tasks.set(it.id, r);
        });
        const out = rollUpTree(items, tasks);
        const measured = [...tasks.values()].filter((t) => t.progress !== null);
        const root = out.get(1)!;
        const plan = planRollup(tasks.values());
        expect(root.measuredTasks).toBe(measured.length);
        expect(plan.measuredTasks).toBe(measured.length);
        if (measured.length === 0) expect(root.progress).toBeNull();
        else expect(root.progress!).toBeCloseTo(plan.progress!, 9);
        for (const it of items) {
          const r = out.get(it.id)!;
          if (r.progress === null) {
            expect(r.measuredTasks).toBe(0);
            expect(r.light).toBe('grey');
            continue;
          }
          const ps = measured.map((t) => t.progress!);
          expect(r.progress).toBeGreaterThanOrEqual(Math.min(...ps) - 1e-9);
          expect(r.progress).toBeLessThanOrEqual(Math.max(...ps) + 1e-9);
          // A parent never counts fewer tasks than any child.
          if (it.parentId !== null)
            expect(out.get(it.parentId)!.measuredTasks).toBeGreaterThanOrEqual(r.measuredTasks);
        }
      }),
    );
  });

  it('weighs children by their number of tasks', () => {
    const t = (progress: number): TaskRollup => ({
      progress,
      planned: 0,
      overdueMilestones: 0,
      maxDaysOverdue: 0,
      light: 'green',
    });
    // Section 1 has tasks 2 (100%) and a subsection 3 with tasks 4 and 5 (0% and 30%).
    const items = [
      { id: 1, parentId: null },
      { id: 2, parentId: 1 },
      { id: 3, parentId: 1 },
      { id: 4, parentId: 3 },
      { id: 5, parentId: 3 },
    ];
    const out = rollUpTree(
      items,
      new Map([
        [2, t(100)],
        [4, t(0)],
        [5, { ...t(30), light: 'red' }],
      ]),
    );
    expect(out.get(3)).toMatchObject({ progress: 15, measuredTasks: 2, light: 'red' });
    expect(out.get(1)).toMatchObject({ progress: 130 / 3, measuredTasks: 3, light: 'red' });
  });
});
