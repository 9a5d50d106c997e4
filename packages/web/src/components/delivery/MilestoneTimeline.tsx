import { Empty, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.js';
import { wordOf, type MilestoneState } from '../../lib/delivery.js';

/** A milestone as the timeline shows it: what, when, its state, and the task it belongs to. */
export interface TimelineMilestone {
  key: string;
  title: string;
  dueDate: string;
  state: MilestoneState;
  percent: number;
  deliverable?: string;
  task?: { label: string; title: string; href: string };
}

/** Colour of a milestone's dot: done green, overdue red, due within 30 days orange, later blue. */
function dotColor(m: TimelineMilestone, today: string): string {
  if (m.state === 'done') return 'green';
  if (m.dueDate < today) return 'red';
  const soon = new Date(Date.parse(today) + 30 * 86_400_000).toISOString().slice(0, 10);
  return m.dueDate <= soon ? 'orange' : 'blue';
}

/** Milestones in date order on a vertical timeline, overdue ones marked, each linked to its task. */
export function MilestoneTimeline({
  milestones,
  today,
  emptyText,
}: {
  milestones: readonly TimelineMilestone[];
  today: string;
  emptyText: string;
}) {
  const { t } = useI18n();
  if (milestones.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  const sorted = [...milestones].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return (
    <Timeline
      data-testid="milestone-timeline"
      items={sorted.map((m) => {
        const overdue = m.state !== 'done' && m.dueDate < today;
        return {
          key: m.key,
          color: dotColor(m, today),
          title: m.dueDate,
          content: (
            <div data-testid="timeline-milestone" style={{ wordBreak: 'break-word' }}>
              <Typography.Text strong>{m.title}</Typography.Text>{' '}
              <Tag color={m.state === 'done' ? 'green' : overdue ? 'red' : undefined}>
                {overdue ? t('milestone.overdue') : wordOf(t, 'milestone', m.state)}
                {m.state === 'in_progress' ? ` ${m.percent}%` : ''}
              </Tag>
              {m.deliverable ? (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('milestone.deliverable')}：{m.deliverable}
                  </Typography.Text>
                </div>
              ) : null}
              {m.task ? (
                <div>
                  <Link to={m.task.href} style={{ fontSize: 12 }}>
                    {m.task.label} {m.task.title}
                  </Link>
                </div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
