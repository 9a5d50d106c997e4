import { formatValue } from '@luoshi/core';
import { Button, Card, Descriptions, Empty, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { FigureEntryForm } from '../components/FigureEntryForm.js';
import { FigureSource } from '../components/FigureSource.js';
import { IndicatorFormModal } from '../components/IndicatorForm.js';
import { IndicatorChart } from '../components/IndicatorChart.js';
import { LoadError } from '../components/LoadError.js';
import { Loading } from '../components/Loading.js';
import { StatusLight } from '../components/StatusLight.js';
import { useI18n, type Language, type MessageKey, type Translate } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import { periodX } from '../lib/indicator-chart.js';
import {
  canEnterFigures,
  figureText,
  methodTexts,
  qualifierText,
  targetText,
  type ComputedFigure,
  type Figure,
  type IndicatorDetail,
  type Qualifier,
} from '../lib/indicators.js';

const byPeriod = (a: { period: string }, b: { period: string }) =>
  (periodX(a.period) ?? 0) - (periodX(b.period) ?? 0) || a.period.localeCompare(b.period);

/** A period of the indicator's own frequency: a flow's quarters beside its years would not read as one line. */
function sameFrequency(period: string, frequency: IndicatorDetail['indicator']['frequency']): boolean {
  if (frequency === 'year') return /^\d{4}$/.test(period);
  if (frequency === 'half') return /^\d{4}-S[12]$/.test(period);
  if (frequency === 'quarter') return /^\d{4}-Q[1-4]$/.test(period);
  return /^\d{4}-\d{2}$/.test(period);
}

function QualifierTag({ qualifier }: { qualifier: Qualifier }) {
  const { t } = useI18n();
  if (qualifier === 'exact') return null;
  return (
    <Tag color={qualifier === 'more_than' ? 'volcano' : 'purple'} data-testid={`qualifier-${qualifier}`}>
      {qualifierText(t, qualifier)}
    </Tag>
  );
}

function figureColumns(t: Translate, language: Language, unit: string): ExportColumn<Figure>[] {
  return [
    { title: t('figure.col.period'), value: (f) => f.period },
    { title: t('figure.col.area'), value: (f) => f.area.name },
    { title: t('figure.col.value'), value: (f) => f.value, width: 18 },
    { title: t('indicators.col.unit'), value: () => unit },
    { title: t('figure.col.qualifier'), value: (f) => qualifierText(t, f.qualifier), width: 18 },
    { title: t('figure.col.sourceUrl'), value: (f) => f.sourceUrl, width: 40 },
    { title: t('figure.col.document'), value: (f) => f.sourceDocument, width: 30 },
    { title: t('figure.col.quote'), value: (f) => f.quote, width: 60 },
    { title: t('figure.col.enteredBy'), value: (f) => f.enteredBy },
    { title: t('figure.col.enteredAt'), value: (f) => formatTime(f.enteredAt, language), width: 22 },
    {
      title: t('figure.col.state'),
      value: (f) => (f.supersededBy === null ? t('figure.inForce') : t('figure.superseded')),
    },
  ];
}

/**
 * An indicator: its figures over the periods on a chart (a lower bound drawn as such, preliminary ones marked),
 * each target's trajectory and level, the status and how it was computed, the figures with their sources, every
 * revision, and a choice of area where figures exist for more than one.
 */
export default function IndicatorPage() {
  const { id } = useParams();
  const indicatorId = Number(id);
  const { t, language, pick } = useI18n();
  const { user } = useAuth();
  const [entering, setEntering] = useState(false);
  const [editing, setEditing] = useState(false);
  const [areaChoice, setAreaChoice] = useState<string | null>(null);
  const detail = useLoad(
    () => call(api.GET('/api/v1/indicators/{id}', { params: { path: { id: indicatorId } } })),
    [indicatorId],
  );
  const data = detail.data;
  const area = areaChoice ?? data?.targets.find((x) => x.area)?.area?.code ?? data?.areas[0]?.code ?? null;
  const view = useMemo(() => {
    if (!data) return null;
    const inArea = <T extends { area: { code: string } }>(rows: T[]) =>
      rows.filter((r) => area === null || r.area.code === area);
    const inForce = inArea(data.inForce).sort(byPeriod);
    const computed = inArea(data.computed).sort(byPeriod);
    const history = inArea(data.figures).sort(
      (a, b) => byPeriod(a, b) || a.enteredAt.localeCompare(b.enteredAt),
    );
    const targets = data.targets.filter((x) => !x.area || area === null || x.area.code === area);
    const charted = [
      ...inForce.filter(
        (f) => data.indicator.kind !== 'flow' || sameFrequency(f.period, data.indicator.frequency),
      ),
      ...computed.map((c) => ({ ...c, computed: true })),
    ];
    return { inForce, computed, history, targets, charted };
  }, [data, area]);

  if (detail.error) return <LoadError error={detail.error} />;
  if (!data || !view) return <Loading />;
  const { indicator } = data;
  const unit = indicator.unit;
  const columns = figureColumns(t, language, unit);
  const valueCell = (f: { value: number; qualifier: Qualifier }) => (
    <Space size={4} wrap>
      <span style={{ fontWeight: 600 }}>{figureText(f.value, unit, f.qualifier, language)}</span>
      <QualifierTag qualifier={f.qualifier} />
    </Space>
  );
  const mayEnter =
    canEnterFigures(user?.role) && (user?.role !== 'unit_officer' || user.unitId === indicator.ownerUnit?.id);
  const lowerBounds = view.charted.filter((p) => p.qualifier === 'more_than').length;
  const provisional = view.charted.filter(
    (p) => p.qualifier === 'preliminary' || p.qualifier === 'estimated',
  ).length;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="indicator-page">
      <Card
        title={<span style={{ whiteSpace: 'normal' }}>{indicator.name}</span>}
        extra={
          <Space wrap>
            {canManagePlans(user?.role) ? (
              <Button onClick={() => setEditing(true)} data-testid="indicator-edit">
                {t('indicatorForm.edit')}
              </Button>
            ) : null}
            {mayEnter ? (
              <Button type="primary" onClick={() => setEntering(true)} data-testid="enter-figure">
                {t('indicator.enter')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('indicators.col.code')}>{indicator.code ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('indicators.col.unit')}>{unit}</Descriptions.Item>
          <Descriptions.Item label={t('indicators.col.kind')}>
            {t(`kind.${indicator.kind}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('indicator.direction')}>
            {t(`direction.${indicator.direction}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('indicators.col.frequency')}>
            {t(`frequency.${indicator.frequency}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('indicators.col.owner')}>
            {indicator.ownerUnit?.name ?? '—'}
          </Descriptions.Item>
          {indicator.aliases.length ? (
            <Descriptions.Item label={t('indicator.aliases')}>
              {indicator.aliases.join('、')}
            </Descriptions.Item>
          ) : null}
          {indicator.formula ? (
            <Descriptions.Item label={t('indicators.col.formula')}>{indicator.formula}</Descriptions.Item>
          ) : null}
          {indicator.baseline ? (
            <Descriptions.Item label={t('indicators.col.baseline')}>
              {indicator.baseline.period}: {formatValue(indicator.baseline.value, unit, language)}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {data.areas.length > 1 ? (
          <Space wrap style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('indicator.area')}:</Typography.Text>
            <Segmented
              data-testid="area-choice"
              value={area ?? ''}
              onChange={(value) => setAreaChoice(String(value))}
              options={data.areas.map((a) => ({ value: a.code, label: a.name }))}
            />
          </Space>
        ) : null}
      </Card>

      <Card title={t('indicator.chart')}>
        {view.charted.length || view.targets.length ? (
          <IndicatorChart
            name={indicator.name}
            unit={unit}
            points={view.charted}
            targets={view.targets
              .filter((x) => x.trajectory.length || x.deadlineYear !== null)
              .map((x) => ({
                comparator: x.comparator,
                value: x.value,
                deadlineYear: x.deadlineYear,
                trajectory: x.trajectory,
              }))}
          />
        ) : (
          <Empty />
        )}
        <Space wrap size={[12, 4]} data-testid="chart-marks" style={{ marginTop: 8 }}>
          {lowerBounds ? (
            <Typography.Text data-testid="mark-lower-bound">
              <span style={{ color: '#d4380d', fontWeight: 700 }}>△ ≥</span>{' '}
              {t('indicator.series.lowerBound')} ×{lowerBounds}
            </Typography.Text>
          ) : null}
          {provisional ? (
            <Typography.Text data-testid="mark-preliminary">
              <span style={{ color: '#722ed1', fontWeight: 700 }}>◇ *</span>{' '}
              {t('indicator.series.preliminary')} ×{provisional}
            </Typography.Text>
          ) : null}
        </Space>
      </Card>

      {view.targets.length ? (
        <Card title={t('indicator.status')} data-testid="indicator-targets">
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {view.targets.map((x) => (
              <div key={x.targetId} data-testid="indicator-target" data-status={x.status}>
                <Space wrap size={[12, 4]}>
                  <StatusLight status={x.status} />
                  <Link to={`/plans/${x.planId}/dashboard`}>{x.text}</Link>
                  <Typography.Text strong>
                    {t('dashboard.target')} {targetText(x.comparator, x.value, x.unit, language)}
                    {x.deadlineYear ? ` (${x.deadlineYear})` : ''}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ margin: '8px 0 4px' }} data-testid="status-explanation">
                  {pick(x.explanation.message)}
                </Typography.Paragraph>
                {x.forecast ? (
                  <Typography.Paragraph style={{ margin: '0 0 4px' }}>
                    {t('dashboard.forecast', {
                      year: x.forecast.deadlineYear,
                      value: formatValue(x.forecast.value, x.unit, language, { maximumFractionDigits: 2 }),
                    })}{' '}
                    <Tag color={x.forecast.meetsTarget ? 'green' : 'red'}>
                      {x.forecast.meetsTarget ? t('indicator.forecastMeets') : t('indicator.forecastMisses')}
                    </Tag>
                  </Typography.Paragraph>
                ) : null}
                {methodTexts(t, x).map((text) => (
                  <Typography.Paragraph
                    key={text}
                    type="secondary"
                    style={{ margin: 0 }}
                    data-testid="method-text"
                  >
                    {text}
                  </Typography.Paragraph>
                ))}
              </div>
            ))}
          </Space>
        </Card>
      ) : null}

      <Card
        title={t('indicator.figures')}
        extra={
          <ExportButton
            fileName={`${indicator.name}-${t('indicator.figures')}`}
            sheetName={t('indicator.figures')}
            columns={columns}
            rows={view.inForce}
          />
        }
      >
        <Table<Figure>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={view.inForce}
          scroll={{ x: 'max-content' }}
          data-testid="figures-table"
          columns={[
            { title: t('figure.col.period'), dataIndex: 'period' },
            { title: t('figure.col.area'), render: (_, f) => f.area.name },
            { title: t('figure.col.value'), render: (_, f) => valueCell(f) },
            { title: t('figure.col.source'), render: (_, f) => <FigureSource figure={f} /> },
            { title: t('figure.col.enteredBy'), dataIndex: 'enteredBy' },
          ]}
        />
      </Card>

      {view.computed.length ? (
        <Card title={t('indicator.computed')}>
          <Table<ComputedFigure>
            rowKey={(c) => `${c.area.code}-${c.period}`}
            size="small"
            pagination={false}
            dataSource={view.computed}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('figure.col.period'), dataIndex: 'period' },
              { title: t('figure.col.area'), render: (_, c) => c.area.name },
              { title: t('figure.col.value'), render: (_, c) => valueCell(c) },
              {
                title: t('figure.col.components'),
                render: (_, c) =>
                  c.components
                    .map((part) => `${part.name} ${formatValue(part.value, '', language)}`)
                    .join('；'),
              },
            ]}
          />
        </Card>
      ) : null}

      <Card
        title={t('indicator.history')}
        extra={
          <ExportButton
            fileName={`${indicator.name}-${t('indicator.history')}`}
            sheetName={t('indicator.history')}
            columns={columns}
            rows={view.history}
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('indicator.historyHint')}</Typography.Paragraph>
        <Table<Figure>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={view.history}
          scroll={{ x: 'max-content' }}
          data-testid="history-table"
          rowClassName={(f) => (f.supersededBy === null ? '' : 'figure-superseded')}
          columns={[
            { title: t('figure.col.period'), dataIndex: 'period' },
            { title: t('figure.col.area'), render: (_, f) => f.area.name },
            {
              title: t('figure.col.value'),
              render: (_, f) =>
                f.supersededBy === null ? (
                  valueCell(f)
                ) : (
                  <Typography.Text delete>{figureText(f.value, unit, f.qualifier, language)}</Typography.Text>
                ),
            },
            {
              title: t('figure.col.state'),
              render: (_, f) =>
                f.supersededBy === null ? (
                  <Tag color="green">{t('figure.inForce')}</Tag>
                ) : (
                  <Tag data-testid="superseded">{t('figure.superseded')}</Tag>
                ),
            },
            { title: t('figure.col.enteredBy'), dataIndex: 'enteredBy' },
            { title: t('figure.col.enteredAt'), render: (_, f) => formatTime(f.enteredAt, language) },
            { title: t('figure.col.source'), render: (_, f) => <FigureSource figure={f} /> },
          ]}
        />
      </Card>

      <IndicatorFormModal
        open={editing}
        indicator={indicator}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          detail.reload();
        }}
      />
      <Modal
        open={entering}
        title={`${t('indicator.enter')} · ${indicator.name}`}
        footer={null}
        onCancel={() => setEntering(false)}
        destroyOnHidden
      >
        <FigureEntryForm
          indicator={indicator}
          inForce={data.inForce}
          onSaved={() => {
            setEntering(false);
            detail.reload();
          }}
        />
      </Modal>
    </Space>
  );
}
