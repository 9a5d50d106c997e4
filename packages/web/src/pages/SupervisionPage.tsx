import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Select, Space, Switch, Table, Tabs, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SupervisionBoard } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { LoadMore } from '../components/LoadMore.js';
import { NoticeDrawer } from '../components/delivery/NoticeDrawer.js';
import { NoticeTable, useNoticeExportColumns } from '../components/delivery/NoticeTable.js';
import { PlanPicker, usePlanChoice } from '../components/delivery/PlanPicker.js';
import { ReportCycleSetting } from '../components/delivery/ReportCycleSetting.js';
import { ExampleNotice } from '../components/delivery/ExampleNotice.js';
import { LevelTag } from '../components/delivery/NoticeTags.js';
import { SupervisionRuns } from '../components/delivery/SupervisionRuns.js';
import { SupervisionSettingsForm } from '../components/delivery/SupervisionSettingsForm.js';
import { WebhookList } from '../components/delivery/WebhookList.js';
import { useI18n } from '../i18n/index.js';
import { supervisionApi } from '../lib/delivery-api.js';
import { LEVELS, NOTICE_STATES, wordOf, type NoticeLevel, type NoticeState } from '../lib/delivery.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { loadAllPages, usePagedList } from '../lib/paging.js';

type BoardRow = SupervisionBoard['units'][number];
const RULES = ['milestone_overdue', 'report_missing', 'indicator_off_track', 'no_update'] as const;

const TABS = ['board', 'settings', 'runs', 'webhooks'] as const;
type Tab = (typeof TABS)[number];

/**
 * The supervision board (督办台账): open notices of a plan by unit and level, the notices themselves with filters,
 * and, for the secretariat, a supervision run for any date (the rules are idempotent per day). Beside the board, as
 * the server allows: the plan's rules and thresholds and the webhooks for the secretariat, the history of runs for
 * the secretariat and leaders. The tab is in the address, so a reload or a link keeps it.
 */
export default function SupervisionPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const manages = canManagePlans(user?.role);
  const seesBoard = manages || user?.role === 'leader';
  const choice = usePlanChoice();
  const planId = choice.planId;
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [level, setLevel] = useState<NoticeLevel | undefined>(undefined);
  const [state, setState] = useState<NoticeState | undefined>(undefined);
  const [rule, setRule] = useState<(typeof RULES)[number] | undefined>(undefined);
  const [openOnly, setOpenOnly] = useState(true);
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const [running, setRunning] = useState(false);
  const [opened, setOpened] = useState<number | null>(null);
  const [runs, setRuns] = useState(0);
  const [params, setParams] = useSearchParams();
  const tabs: Tab[] = manages ? [...TABS] : seesBoard ? ['board', 'runs'] : ['board'];
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : 'board';
  const setTab = (next: string) =>
    setParams(
      (current) => {
        const after = new URLSearchParams(current);
        if (next === 'board') after.delete('tab');
        else after.set('tab', next);
        return after;
      },
      { replace: true },
    );

  const board = useLoad(
    () => (planId !== null && seesBoard ? supervisionApi.board(planId) : Promise.resolve(null)),
    [planId, seesBoard],
  );
  const query = {
    planId: planId ?? undefined,
    unitId,
    level,
    state,
    rule,
    open: openOnly ? true : undefined,
  };
  const notices = usePagedList(
    (cursor) =>
      planId === null
        ? Promise.resolve({ items: [], nextCursor: null })
        : supervisionApi.notices({ ...query, limit: 50, cursor }),
    [planId, unitId, level, state, rule, openOnly],
  );
  const exportColumns = useNoticeExportColumns();
  const boardExport: ExportColumn<BoardRow>[] = [
    { title: t('notice.unit'), value: (r) => r.unitName, width: 24 },
    ...LEVELS.map((l) => ({ title: wordOf(t, 'level', l), value: (r: BoardRow) => r[l] })),
    { title: t('supervision.total'), value: (r) => r.total },
  ];

  const refresh = () => {
    board.reload();
    notices.reload();
    setRuns((n) => n + 1);
  };
  const run = () => {
    if (planId === null) return;
    setRunning(true);
    supervisionApi
      .run(planId, asOf ? asOf.format('YYYY-MM-DD') : undefined)
      .then((result) => {
        void message.success(
          t('supervision.ran', { date: result.asOf, raised: result.raised, escalated: result.escalated }),
        );
        refresh();
      }, notifyError)
      .finally(() => setRunning(false));
  };
  const pick = (row: BoardRow, l?: NoticeLevel) => {
    setUnitId(row.unitId);
    setLevel(l);
    setOpenOnly(true);
  };

  const countCell = (row: BoardRow, l: NoticeLevel) =>
    row[l] ? (
      <Typography.Link onClick={() => pick(row, l)} data-testid={`board-${l}`}>
        {row[l]}
      </Typography.Link>
    ) : (
      <Typography.Text type="secondary">0</Typography.Text>
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="supervision-board">
      <Card size="small">
        {/* Flex rather than Space: the picker may shrink below a long plan title's width on a phone. */}
        <div
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            gap: '8px 12px',
            justifyContent: 'space-between',
            alignItems: 'center',
          }}
        >
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('supervision.title')}
          </Typography.Title>
          <div style={{ minWidth: 0, maxWidth: '100%' }}>
            <PlanPicker choice={choice} />
          </div>
        </div>
        {manages ? (
          <Space wrap size={[8, 8]} style={{ marginTop: 12 }} data-testid="supervision-run">
            <Typography.Text>{t('supervision.runFor')}</Typography.Text>
            <DatePicker
              value={asOf}
              onChange={setAsOf}
              placeholder={t('supervision.today')}
              data-testid="supervision-as-of"
            />
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={running}
              disabled={planId === null}
              onClick={run}
              data-testid="supervision-run-button"
            >
              {t('supervision.run')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('supervision.runHint')}
            </Typography.Text>
          </Space>
        ) : null}
        {manages && planId !== null ? (
          <div style={{ marginTop: 8 }}>
            <ReportCycleSetting planId={planId} onSaved={refresh} />
          </div>
        ) : null}
      </Card>

      {tabs.length > 1 && planId !== null ? (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          data-testid="supervision-tabs"
          items={tabs.map((key) => ({ key, label: t(`supTab.${key}`) }))}
          style={{ marginBottom: -16 }}
        />
      ) : null}
      {tab === 'settings' && planId !== null ? (
        <Card size="small">
          <SupervisionSettingsForm key={planId} planId={planId} />
        </Card>
      ) : null}
      {tab === 'runs' && planId !== null ? (
        <Card size="small">
          <SupervisionRuns planId={planId} version={runs} />
        </Card>
      ) : null}
      {tab === 'webhooks' && planId !== null ? (
        <Card size="small">
          <WebhookList
            planId={planId}
            planTitle={(id) => choice.plans.find((p) => p.id === id)?.title ?? `#${id}`}
          />
        </Card>
      ) : null}
      {tab === 'board' ? (
        <>
          <ExampleNotice planId={planId} />
          {seesBoard ? (
            <Card
              size="small"
              title={t('supervision.byUnit')}
              extra={
                <ExportButton
                  fileName={t('supervision.byUnit')}
                  sheetName={t('supervision.byUnit')}
                  columns={boardExport}
                  rows={board.data?.units ?? []}
                />
              }
            >
              <LoadError error={board.error} />
              <Table<BoardRow>
                rowKey="unitId"
                size="small"
                loading={board.loading}
                dataSource={board.data?.units ?? []}
                pagination={false}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('supervision.boardEmpty') }}
                data-testid="board-table"
                summary={() =>
                  board.data && board.data.units.length ? (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <b>{t('supervision.total')}</b>
                      </Table.Summary.Cell>
                      {LEVELS.map((l, i) => (
                        <Table.Summary.Cell key={l} index={i + 1}>
                          <b data-testid={`board-total-${l}`}>{board.data?.totals[l]}</b>
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={4}>
                        <b data-testid="board-total">{board.data.totals.total}</b>
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  ) : null
                }
                columns={[
                  {
                    title: t('notice.unit'),
                    dataIndex: 'unitName',
                    render: (name: string, row) => (
                      <Typography.Link onClick={() => pick(row)} data-testid="board-unit">
                        {name}
                      </Typography.Link>
                    ),
                  },
                  ...LEVELS.map((l) => ({
                    title: <LevelTag level={l} />,
                    key: l,
                    width: 110,
                    render: (_: unknown, row: BoardRow) => countCell(row, l),
                  })),
                  { title: t('supervision.total'), dataIndex: 'total', width: 80 },
                ]}
              />
            </Card>
          ) : null}

          <Card
            size="small"
            title={t('notice.sheet')}
            extra={
              <ExportButton
                fileName={t('notice.sheet')}
                sheetName={t('notice.sheet')}
                columns={exportColumns}
                rows={() =>
                  planId === null
                    ? Promise.resolve([])
                    : loadAllPages((cursor) => supervisionApi.notices({ ...query, limit: 200, cursor }))
                }
              />
            }
          >
            <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="notice-filters">
              {unitId !== undefined ? (
                <Button size="small" onClick={() => setUnitId(undefined)} data-testid="unit-filter">
                  {board.data?.units.find((u) => u.unitId === unitId)?.unitName ?? unitId} ✕
                </Button>
              ) : null}
              <Select
                allowClear
                style={{ width: 130 }}
                placeholder={t('notice.level')}
                value={level}
                onChange={setLevel}
                options={LEVELS.map((l) => ({ value: l, label: wordOf(t, 'level', l) }))}
                data-testid="filter-level"
              />
              <Select
                allowClear
                style={{ width: 120 }}
                placeholder={t('notice.state')}
                value={state}
                onChange={setState}
                options={NOTICE_STATES.map((s) => ({ value: s, label: wordOf(t, 'noticeState', s) }))}
                data-testid="filter-state"
              />
              <Select
                allowClear
                style={{ width: 170 }}
                placeholder={t('notice.rule')}
                value={rule}
                onChange={setRule}
                options={RULES.map((r) => ({ value: r, label: wordOf(t, 'rule', r) }))}
                data-testid="filter-rule"
              />
              <Space size={4}>
                <Switch checked={openOnly} onChange={setOpenOnly} size="small" data-testid="filter-open" />
                <Typography.Text>{t('supervision.openOnly')}</Typography.Text>
              </Space>
            </Space>
            <LoadError error={notices.error} />
            <NoticeTable notices={notices.items} loading={notices.loading} onOpen={(n) => setOpened(n.id)} />
            <LoadMore list={notices} />
          </Card>
        </>
      ) : null}
      <NoticeDrawer noticeId={opened} onClose={() => setOpened(null)} onChanged={refresh} />
    </Space>
  );
}
