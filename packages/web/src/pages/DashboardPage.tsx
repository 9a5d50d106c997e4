import { Alert, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LeaderOverview } from '../components/delivery/LeaderOverview.js';
import { IndicatorChart } from '../components/IndicatorChart.js';
import { LoadError } from '../components/LoadError.js';
import { Loading } from '../components/Loading.js';
import { StatusLegend, StatusLight } from '../components/StatusLight.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad } from '../lib/hooks.js';
import {
  figureText,
  qualifierText,
  STATUS_COLOR,
  STATUSES,
  statusText,
  targetText,
  type TargetStatus,
} from '../lib/indicators.js';
import { formatValue } from '@luoshi/core';

/**
 * The plan's indicator dashboard, the leader's landing page: every target with its latest figure, its level, a
 * status light and a sparkline; the counts by status; what is overdue for data. Computed by the server on every
 * request, so a figure entered a moment ago shows on the next load. Cards stack on a phone.
 */
export default function DashboardPage() {
  const { id } = useParams();
  const planId = Number(id);
  const { t, language, pick } = useI18n();
  const dashboard = useLoad(
    () => call(api.GET('/api/v1/plans/{id}/dashboard', { params: { path: { id: planId } } })),
    [planId],
  );
  if (dashboard.error) return <LoadError error={dashboard.error} />;
  const data = dashboard.data;
  if (!data) return <Loading />;

  const exportColumns: ExportColumn<TargetStatus>[] = [
    { title: t('dashboard.col.target'), value: (r) => r.text, width: 40 },
    { title: t('dashboard.col.indicator'), value: (r) => r.indicator?.name ?? '', width: 28 },
    { title: t('dashboard.col.latestPeriod'), value: (r) => r.latest?.period ?? '' },
    {
      title: t('dashboard.col.latest'),
      value: (r) => (r.latest ? figureText(r.latest.value, r.unit, r.latest.qualifier, language) : ''),
      width: 20,
    },
    {
      title: t('dashboard.col.qualifier'),
      value: (r) => (r.latest ? qualifierText(t, r.latest.qualifier) : ''),
    },
    {
      title: t('dashboard.col.goal'),
      value: (r) => targetText(r.comparator, r.value, r.unit, language),
      width: 20,
    },
    { title: t('dashboard.col.deadline'), value: (r) => r.deadlineYear },
    { title: t('dashboard.col.status'), value: (r) => statusText(t, r.status) },
    {
      title: t('dashboard.col.forecast'),
      value: (r) =>
        r.forecast ? formatValue(r.forecast.value, r.unit, language, { maximumFractionDigits: 2 }) : '',
      width: 20,
    },
    { title: t('dashboard.col.explanation'), value: (r) => pick(r.explanation.message), width: 80 },
  ];

  return (
    <div data-testid="dashboard" style={{ maxWidth: '100%', overflowX: 'hidden' }}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Typography.Title level={4} style={{ marginTop: 0, wordBreak: 'break-word' }}>
            <Link to={`/plans/${data.plan.id}`}>{data.plan.title}</Link>
          </Typography.Title>
          <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">
              {t('dashboard.title')} · {t('dashboard.asOf', { date: data.asOf })}
              {data.plan.area ? ` · ${data.plan.area.name}` : ''}
            </Typography.Text>
            <ExportButton
              fileName={`${data.plan.title}-${t('dashboard.sheet')}`}
              sheetName={t('dashboard.sheet')}
              columns={exportColumns}
              rows={data.targets}
            />
          </Space>
          <div data-testid="status-counts" aria-label={t('dashboard.counts')} style={{ marginBottom: 8 }}>
            <Space wrap size={[8, 8]}>
              {STATUSES.map((status) => (
                <Tag
                  key={status}
                  data-testid={`count-${status}`}
                  style={{ borderColor: STATUS_COLOR[status], marginInlineEnd: 0 }}
                >
                  <StatusLight status={status} dotOnly /> {statusText(t, status)}{' '}
                  <b data-testid={`count-${status}-value`}>{data.counts[status] ?? 0}</b>
                </Tag>
              ))}
            </Space>
          </div>
          <StatusLegend />
        </Card>

        <LeaderOverview planId={data.plan.id} />

        {data.overdueForData.length ? (
          <Alert
            type="warning"
            showIcon
            data-testid="overdue"
            title={t('dashboard.overdue')}
            description={
              <List
                size="small"
                split={false}
                dataSource={data.overdueForData}
                renderItem={(item) => (
                  <List.Item style={{ padding: '2px 0' }}>
                    <Link to={`/indicators/${item.indicatorId}`}>
                      {t('dashboard.overdueItem', { name: item.indicatorName, period: item.expectedPeriod })}
                    </Link>
                  </List.Item>
                )}
              />
            }
          />
        ) : (
          <Alert type="success" showIcon title={t('dashboard.noOverdue')} />
        )}

        {data.targets.length === 0 ? <Empty /> : null}
        <Row gutter={[16, 16]}>
          {data.targets.map((row) => (
            <Col key={row.targetId} xs={24} md={12} xl={8}>
              <TargetCard row={row} />
            </Col>
          ))}
        </Row>
      </Space>
    </div>
  );
}

function TargetCard({ row }: { row: TargetStatus }) {
  const { t, language, pick } = useI18n();
  const name = row.indicator?.name ?? t('dashboard.noIndicator');
  return (
    <Card
      size="small"
      data-testid="target-card"
      data-target-id={row.targetId}
      data-status={row.status}
      style={{ height: '100%', borderTop: `4px solid ${STATUS_COLOR[row.status]}` }}
      title={
        <div style={{ whiteSpace: 'normal', wordBreak: 'break-word', padding: '4px 0' }}>
          {row.indicator ? <Link to={`/indicators/${row.indicator.id}`}>{name}</Link> : name}
        </div>
      }
      extra={<StatusLight status={row.status} />}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8, wordBreak: 'break-word' }}>
        {row.text}
      </Typography.Paragraph>
      <Row gutter={8}>
        <Col span={12}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dashboard.latest')}
            {row.latest ? ` (${row.latest.period})` : ''}
          </Typography.Text>
          <div data-testid="latest" style={{ fontSize: 18, fontWeight: 600, wordBreak: 'break-word' }}>
            {row.latest
              ? figureText(row.latest.value, row.unit, row.latest.qualifier, language)
              : t('dashboard.noFigure')}
          </div>
          {row.latest && row.latest.qualifier !== 'exact' ? (
            <Tag
              color={row.latest.qualifier === 'more_than' ? 'volcano' : 'purple'}
              data-testid="latest-qualifier"
            >
              {qualifierText(t, row.latest.qualifier)}
            </Tag>
          ) : null}
        </Col>
        <Col span={12}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dashboard.target')}
          </Typography.Text>
          <div style={{ fontSize: 18, fontWeight: 600, wordBreak: 'break-word' }}>
            {targetText(row.comparator, row.value, row.unit, language)}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.deadlineYear ?? ''}
          </Typography.Text>
        </Col>
      </Row>
      {row.series.length ? (
        <div style={{ marginTop: 8 }}>
          <IndicatorChart
            compact
            name={name}
            unit={row.unit}
            points={row.series}
            targets={[
              {
                comparator: row.comparator,
                value: row.value,
                deadlineYear: row.deadlineYear,
                trajectory: row.trajectory,
              },
            ]}
          />
        </div>
      ) : null}
      {row.forecast ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.forecast', {
            year: row.forecast.deadlineYear,
            value: formatValue(row.forecast.value, row.unit, language, { maximumFractionDigits: 2 }),
          })}
        </Typography.Text>
      ) : null}
      <Typography.Paragraph
        type="secondary"
        style={{ fontSize: 12, marginTop: 4, marginBottom: 0 }}
        ellipsis={{ rows: 2, expandable: true }}
      >
        {pick(row.explanation.message)}
      </Typography.Paragraph>
    </Card>
  );
}
