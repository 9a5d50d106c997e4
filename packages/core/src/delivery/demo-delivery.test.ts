import { describe, expect, it } from 'vitest';
import { generateDemoDelivery, type DemoDeliveryInput } from './demo-delivery.js';
import { isWorkingDay } from './working-days.js';

const units = ['市商务局', '市发改委', '市经信委', '市财政局', '市科技局', '市交委'];
const input: DemoDeliveryInput = {
  units,
  fromYear: 2013,
  toYear: 2015,
  frequency: 'quarter',
  dueWorkingDays: 5,
  tasks: Array.from({ length: 24 }, (_, i) => ({
    key: `t${i}`,
    title: `任务${i}`,
    leadUnits: [units[i % units.length]!],
    supportUnits: [units[(i + 1) % units.length]!],
  })),
};

describe('demo delivery data', () => {
  it('is the same for the same input, whatever the order of the tasks', () => {
    const a = generateDemoDelivery(input);
    const b = generateDemoDelivery({ ...input, tasks: [...input.tasks].reverse() });
    const byKey = (x: { taskKey: string; unit: string }) => `${x.taskKey}/${x.unit}`;
    expect([...a.workPlans].sort((x, y) => byKey(x).localeCompare(byKey(y)))).toEqual(
      [...b.workPlans].sort((x, y) => byKey(x).localeCompare(byKey(y))),
    );
    expect(a.reports.length).toBe(b.reports.length);
    expect(JSON.stringify(generateDemoDelivery(input))).toBe(JSON.stringify(a));
  });

  it('has reports on time, late and missing, and milestones finished late and never', () => {
    const d = generateDemoDelivery(input);
    const onTime = d.reports.filter((r) => r.submittedOn <= r.dueDate).length;
    const late = d.reports.filter((r) => r.submittedOn > r.dueDate).length;
    const expected = d.workPlans.length * 12;
    expect(onTime).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(0);
    expect(d.reports.length).toBeLessThan(expected);
    expect(d.workPlans.some((w) => w.change !== null)).toBe(true);
    expect(d.workPlans.some((w) => w.outcome.some((o) => o.state !== 'done'))).toBe(true);
    expect(d.reports.some((r) => r.events.some((e) => e.action === 'returned'))).toBe(true);
    for (const r of d.reports) {
      expect(isWorkingDay(r.submittedOn), r.submittedOn).toBe(true);
      expect(r.percent).toBeGreaterThanOrEqual(0);
      expect(r.percent).toBeLessThanOrEqual(100);
    }
    for (const w of d.workPlans) {
      for (const m of w.milestones) expect(m.dueDate >= '2013-01-01' && m.dueDate <= '2015-12-31').toBe(true);
      expect(w.approvedOn >= w.submittedOn).toBe(true);
    }
  });
});
