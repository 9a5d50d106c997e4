import { Card, Col, List, Progress, Row, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import type { SupervisionBoard } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { deliveryApi, supervisionApi } from '../../lib/delivery-api.js';
import { LEVELS, noticeSubject, percentText, wordOf } from '../../lib/delivery.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import { useLoad } from '../../lib/hooks.js';
import { taskHref } from '../../lib/tasks.js';
import { ExportButton } from '../ExportButton.js';
import { DeliveryLight } from './DeliveryLight.js';
import { ExampleNotice } from './ExampleNotice.js';
import { LevelTag } from './NoticeTags.js';

type UnitRow = SupervisionBoard['units'][number];
/** How many units and overdue items the landing page lists (the board and the exports have them all). */
const SHOWN = 8;

/**
 * What the leader sees beside the indicator dashboard: the plan's delivery progress, what is overdue (open notices,
 * reddest first) and the units ranked by open notices. Reads nothing the leader may not read; a failure leaves the
 * indicator dashboard as it was.
 */
export function LeaderOverview({ planId }: { planId: number }) {
  const { t } = useI18n();
  const loaded = useLoad(
    () =>
      Promise.all([
        supervisionApi.board(planId),
        supervisionApi.notices({ planId, open: true, limit: 200 }),
        deliveryApi.planProgress(planId),
      ]),
    [planId],
  );
  if (loaded.error || !loaded.data) return loaded.loading ? <Card size="small" loading /> : null;
  const [board, notices, progress] = loaded.data;
  const rank = { red: 0, yellow: 1, blue: 2 } as const;
  const overdue = [...notices.items].sort((a, b) => rank[a.level] - rank[b.level] || b.daysLate - a.daysLate);
  const max = Math.max(1, ...board.units.map((u) => u.total));
  const unitExport: ExportColumn<UnitRow>[] = [
    { title: t('notice.unit'), value: (r) => r.unitName, width: 24 },
    ...LEVELS.map((l) => ({ title: wordOf(t, 'level', l), value: (r: UnitRow) => r[l] })),
    { title: t('supervision.total'), value: (r) => r.total },
  ];

  return (
    <Card size="small" title={t('leader.title')} data-testid="leader-overview">
      <div style={{ marginBottom: 12 }}>
        <ExampleNotice planId={planId} />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Statistic
              title={t('leader.openNotices')}
              value={board.totals.total}
              valueStyle={board.totals.red ? { color: '#cf1322' } : undefined}
              data-testid="leader-open-count"
            />
            <Space wrap size={[8, 4]}>
              {LEVELS.map((l) => (
                <span key={l} data-testid={`leader-count-${l}`}>
                  <LevelTag level={l} /> {board.totals[l]}
                </span>
              ))}
            </Space>
            <div>
              <Typography.Text type="secondary">{t('leader.progress')}</Typography.Text>
              <div>
                <DeliveryLight light={progress.plan.light} progress={progress.plan.progress} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('leader.measured', {
                  n: progress.plan.measuredTasks,
                  overdue: progress.plan.overdueMilestones,
                  progress: percentText(progress.plan.progress),
                })}
              </Typography.Text>
            </div>
            <Link to={`/supervision?plan=${planId}`}>{t('leader.toBoard')}</Link>
          </Space>
        </Col>
        <Col xs={24} md={8}>
          <Typography.Text strong>{t('leader.overdue')}</Typography.Text>
          <List
            size="small"
            dataSource={overdue.slice(0, SHOWN)}
            locale={{ emptyText: t('supervision.boardEmpty') }}
            data-testid="leader-overdue"
            renderItem={(n) => (
              <List.Item style={{ padding: '4px 0' }}>
                <div style={{ wordBreak: 'break-word' }}>
                  <LevelTag level={n.level} />
                  {n.node ? (
                    <Link to={taskHref(n.planId, n.node.id)}>{noticeSubject(t, n)}</Link>
                  ) : (
                    noticeSubject(t, n)
                  )}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.unit.name} · {t('leader.daysLate', { n: n.daysLate })}
                    </Typography.Text>
                  </div>
                </div>
              </List.Item>
            )}
          />
        </Col>
        <Col xs={24} md={8}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{t('leader.ranking')}</Typography.Text>
            <ExportButton
              fileName={t('leader.ranking')}
              sheetName={t('leader.ranking')}
              columns={unitExport}
              rows={board.units}
            />
          </Space>
          <List
            size="small"
            dataSource={board.units.slice(0, SHOWN)}
            locale={{ emptyText: t('supervision.boardEmpty') }}
            data-testid="leader-ranking"
            renderItem={(u, i) => (
              <List.Item style={{ padding: '4px 0' }} data-testid="leader-rank-row">
                <div style={{ width: '100%' }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <span>
                      {i + 1}. {u.unitName}
                    </span>
                    <span data-testid="leader-rank-total">{u.total}</span>
                  </Space>
                  <Progress
                    percent={(u.total / max) * 100}
                    success={{ percent: (u.red / max) * 100, strokeColor: '#f5222d' }}
                    strokeColor="#faad14"
                    showInfo={false}
                    size="small"
                    aria-label={t('leader.rankBar', { red: u.red, yellow: u.yellow, blue: u.blue })}
                  />
                </div>
              </List.Item>
            )}
          />
        </Col>
      </Row>
    </Card>
  );
}
