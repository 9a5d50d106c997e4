import { FileWordOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { SupervisionNotice } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { supervisionApi } from '../../lib/delivery-api.js';
import { noticeSubject, wordOf } from '../../lib/delivery.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import { taskHref } from '../../lib/tasks.js';
import { LevelTag, NoticeStateTag } from './NoticeTags.js';

/** The columns of a notices workbook, the same wherever a list of notices is exported. */
export function useNoticeExportColumns(): ExportColumn<SupervisionNotice>[] {
  const { t } = useI18n();
  return [
    { title: t('notice.documentNumber'), value: (n) => n.documentNumber, width: 18 },
    { title: t('notice.level'), value: (n) => wordOf(t, 'level', n.level) },
    { title: t('notice.unit'), value: (n) => n.unit.name, width: 20 },
    { title: t('notice.rule'), value: (n) => wordOf(t, 'rule', n.rule), width: 18 },
    { title: t('notice.subject'), value: (n) => noticeSubject(t, n), width: 50 },
    { title: t('notice.task'), value: (n) => (n.node ? `${n.node.label} ${n.node.title}` : ''), width: 30 },
    { title: t('notice.daysLate'), value: (n) => n.daysLate },
    { title: t('notice.state'), value: (n) => wordOf(t, 'noticeState', n.state) },
    { title: t('notice.raisedOn'), value: (n) => n.raisedOn, width: 12 },
    { title: t('notice.stepDueOn'), value: (n) => n.stepDueOn ?? '', width: 14 },
    { title: t('notice.reply'), value: (n) => n.reply ?? '', width: 40 },
  ];
}

/** Notices as a table: level, number, matter, unit, state, dates; each opens for its next step or as Word. */
export function NoticeTable({
  notices,
  loading,
  onOpen,
  showUnit = true,
  compact = false,
  testId = 'notice-table',
}: {
  notices: SupervisionNotice[];
  loading?: boolean;
  onOpen: (notice: SupervisionNotice) => void;
  showUnit?: boolean;
  /** A narrow column (the workspace): state and step due under the matter, no date columns. */
  compact?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Table<SupervisionNotice>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={notices}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('notice.empty') }}
      data-testid={testId}
      rowClassName={() => 'notice-row'}
      columns={[
        {
          title: t('notice.level'),
          dataIndex: 'level',
          width: 100,
          render: (_, n) => <LevelTag level={n.level} />,
        },
        {
          title: t('notice.subject'),
          key: 'subject',
          render: (_, n) => (
            <div style={{ minWidth: 200, maxWidth: 460, whiteSpace: 'normal' }}>
              <Typography.Link onClick={() => onOpen(n)} data-testid="notice-open">
                {noticeSubject(t, n)}
              </Typography.Link>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.documentNumber}
                </Typography.Text>
                {compact ? (
                  <>
                    {' '}
                    <NoticeStateTag state={n.state} />
                    {n.state !== 'closed' && n.stepDueOn ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('notice.stepDueShort', { date: n.stepDueOn })}
                      </Typography.Text>
                    ) : null}
                  </>
                ) : null}
              </div>
              {n.node ? (
                <div>
                  <Link to={taskHref(n.planId, n.node.id)} style={{ fontSize: 12 }}>
                    {n.node.label} {n.node.title}
                  </Link>
                </div>
              ) : null}
            </div>
          ),
        },
        {
          title: t('notice.unit'),
          key: 'unit',
          hidden: !showUnit,
          render: (_, n) => n.unit.name,
        },
        {
          title: t('notice.state'),
          dataIndex: 'state',
          width: 90,
          hidden: compact,
          render: (_, n) => <NoticeStateTag state={n.state} />,
        },
        { title: t('notice.raisedOn'), dataIndex: 'raisedOn', width: 110, hidden: compact },
        {
          title: t('notice.stepDueOn'),
          dataIndex: 'stepDueOn',
          width: 130,
          hidden: compact,
          render: (v: string | null, n) =>
            n.state === 'closed' ? '—' : <span data-testid="notice-step-due">{v ?? '—'}</span>,
        },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 150,
          render: (_, n) => (
            <Space size={4}>
              <Button size="small" type="link" onClick={() => onOpen(n)}>
                {t('notice.open')}
              </Button>
              <Button
                size="small"
                type="link"
                icon={<FileWordOutlined />}
                href={supervisionApi.documentHref(n.id)}
                data-testid="notice-word"
                aria-label={t('notice.word')}
                title={t('notice.word')}
              />
            </Space>
          ),
        },
      ]}
    />
  );
}
