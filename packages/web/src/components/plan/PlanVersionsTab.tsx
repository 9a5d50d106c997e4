import { Button, Descriptions, Drawer, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type PlanChanges as Changes, type PlanVersionSummary } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { formatPeriod, formatTime } from '../../lib/format.js';
import { useLoad, useNotifyError } from '../../lib/hooks.js';
import { LoadError } from '../LoadError.js';
import { PlanChanges } from '../PlanChanges.js';
import { SourceText } from '../SourceText.js';
import { TargetsTable } from './TargetsTable.js';
import { TaskTree } from './TaskTree.js';

/**
 * Every confirmed version of the plan: each readable as it was (its source text, items and targets), and what
 * changed between any two.
 */
export function PlanVersionsTab({
  planId,
  publicView,
  current,
}: {
  planId: number;
  publicView: boolean;
  current: number;
}) {
  const { t, language } = useI18n();
  const notifyError = useNotifyError();
  const versions = useLoad(
    () =>
      call(
        publicView
          ? api.GET('/api/v1/public/plans/{id}/versions', { params: { path: { id: planId } } })
          : api.GET('/api/v1/plans/{id}/versions', { params: { path: { id: planId } } }),
      ),
    [planId, publicView, current],
  );
  const [open, setOpen] = useState<number | null>(null);
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState<number | undefined>(undefined);
  const [diff, setDiff] = useState<{ from: number; to: number; changes: Changes } | null>(null);
  const list = versions.data ?? [];
  const options = list.map((v) => ({ value: v.version, label: t('plan.versionN', { n: v.version }) }));

  const compare = () => {
    if (from === undefined || to === undefined) return;
    const params = { params: { path: { id: planId, a: from, b: to } } };
    call(
      publicView
        ? api.GET('/api/v1/public/plans/{id}/versions/{a}/diff/{b}', params)
        : api.GET('/api/v1/plans/{id}/versions/{a}/diff/{b}', params),
    ).then(setDiff, notifyError);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <LoadError error={versions.error} />
      <Table<PlanVersionSummary>
        rowKey="version"
        size="small"
        loading={versions.loading}
        dataSource={list}
        pagination={false}
        data-testid="plan-versions"
        columns={[
          {
            title: t('plan.version'),
            dataIndex: 'version',
            width: 110,
            render: (n: number) => (
              <Space size={4}>
                {t('plan.versionN', { n })}
                {n === current ? <Tag color="blue">{t('versions.current')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('plans.col.title'), dataIndex: 'title' },
          { title: t('plans.col.tasks'), dataIndex: 'taskCount', align: 'right', width: 80 },
          { title: t('plans.col.targets'), dataIndex: 'targetCount', align: 'right', width: 80 },
          {
            title: t('versions.confirmedAt'),
            dataIndex: 'confirmedAt',
            width: 190,
            render: (v: string) => formatTime(v, language),
          },
          {
            title: t('versions.confirmedBy'),
            dataIndex: 'confirmedBy',
            width: 140,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('common.actions'),
            key: 'open',
            width: 90,
            render: (_, v) => (
              <Button size="small" type="link" onClick={() => setOpen(v.version)} data-testid="version-open">
                {t('versions.open')}
              </Button>
            ),
          },
        ]}
      />
      {list.length > 1 ? (
        <Space wrap>
          <Typography.Text>{t('versions.compare')}</Typography.Text>
          <Select<number>
            style={{ width: 120 }}
            options={options}
            value={from}
            onChange={setFrom}
            placeholder={t('versions.from')}
            data-testid="version-from"
          />
          <span>→</span>
          <Select<number>
            style={{ width: 120 }}
            options={options}
            value={to}
            onChange={setTo}
            placeholder={t('versions.to')}
            data-testid="version-to"
          />
          <Button
            onClick={compare}
            disabled={from === undefined || to === undefined}
            data-testid="version-compare"
          >
            {t('versions.compareButton')}
          </Button>
        </Space>
      ) : null}
      {diff ? (
        <div data-testid="version-diff">
          <Typography.Title level={5}>
            {t('versions.diffTitle', { from: diff.from, to: diff.to })}
          </Typography.Title>
          <PlanChanges changes={diff.changes} />
        </div>
      ) : null}
      {open !== null ? (
        <VersionDrawer planId={planId} version={open} publicView={publicView} onClose={() => setOpen(null)} />
      ) : null}
    </Space>
  );
}

/** One version as it was confirmed. */
function VersionDrawer({
  planId,
  version,
  publicView,
  onClose,
}: {
  planId: number;
  version: number;
  publicView: boolean;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const loaded = useLoad(() => {
    const params = { params: { path: { id: planId, n: version } } };
    return call(
      publicView
        ? api.GET('/api/v1/public/plans/{id}/versions/{n}', params)
        : api.GET('/api/v1/plans/{id}/versions/{n}', params),
    );
  }, [planId, version, publicView]);
  const [highlight, setHighlight] = useState<readonly number[] | null>(null);
  const [tab, setTab] = useState('tasks');
  const v = loaded.data;
  return (
    <Drawer
      open
      size="large"
      width={960}
      onClose={onClose}
      title={t('versions.drawerTitle', { n: version })}
      data-testid="version-drawer"
    >
      <LoadError error={loaded.error} />
      {v ? (
        <>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {v.title}
          </Typography.Title>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('plan.issuer')}>{v.issuer ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plan.documentNumber')}>{v.documentNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plan.period')}>
              {formatPeriod(v.periodFrom, v.periodTo)}
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.area')}>{v.area?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('versions.confirmedAt')}>
              {formatTime(v.confirmedAt, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('versions.confirmedBy')}>{v.confirmedBy ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'tasks',
                label: t('plan.tasks'),
                children: (
                  <TaskTree
                    nodes={v.nodes}
                    fileName={`${v.title}-${t('plan.versionN', { n: version })}`}
                    linkedUnits={!publicView}
                    showNotes={false}
                    onShow={(n) => {
                      setHighlight([n.spanStart, n.spanEnd]);
                      setTab('source');
                    }}
                    testId="version-tasks"
                  />
                ),
              },
              {
                key: 'targets',
                label: `${t('plan.targets')} (${v.targets.length})`,
                children: (
                  <TargetsTable
                    targets={v.targets}
                    fileName={`${v.title}-${t('plan.versionN', { n: version })}-${t('plan.targets')}`}
                    testId="version-targets"
                  />
                ),
              },
              {
                key: 'source',
                label: t('plan.source'),
                children: <SourceText text={v.sourceText} highlight={highlight} />,
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
