import { Button, Card, Col, Row, Table, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api, call, type AuditEntry } from '../api/client.js';
import { AuditHeadNote } from '../components/AuditHeadNote.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';

const PAGE = 100;

/** Where an audit row's entity can be seen, when it has a page. */
function entityHref(e: AuditEntry): string | null {
  if (e.entityLabel === null) return null;
  switch (e.entityType) {
    case 'unit':
      return `/units/${e.entityId}`;
    case 'plan':
    case 'plan_node':
    case 'target':
      return e.planId === null ? null : `/plans/${e.planId}`;
    case 'import':
      return `/imports/${e.entityId}`;
    case 'user':
      return '/users';
    case 'area':
      return '/areas';
    default:
      return null;
  }
}

function json(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** The audit trail, newest first, read a page at a time. It is read-only by design. */
export default function AuditPage() {
  const { t, language, maybe } = useI18n();
  const actionText = (action: string) => maybe(`auditAction.${action}`) ?? action;
  // Named as the server knows the entity now (王芳（wangfang）, 市商务局（成都市）), or by id when it is gone.
  const entityText = (e: AuditEntry) =>
    `${maybe(`auditEntity.${e.entityType}`) ?? e.entityType} ${e.entityLabel ?? `#${e.entityId}`}`;
  const entityLink = (e: AuditEntry): ReactNode => {
    const href = entityHref(e);
    const type = maybe(`auditEntity.${e.entityType}`) ?? e.entityType;
    const name = e.entityLabel ?? `#${e.entityId}`;
    return (
      <span data-testid="audit-entity">
        <Typography.Text type="secondary">{type} </Typography.Text>
        {href ? <Link to={href}>{name}</Link> : name}
      </span>
    );
  };
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = (before?: number) => {
    setLoading(true);
    call(api.GET('/api/v1/audit', { params: { query: before ? { limit: PAGE, before } : { limit: PAGE } } }))
      .then((page) => {
        setItems((current) => (before ? [...current, ...page.items] : page.items));
        setNext(page.nextBefore);
        setError(null);
      }, setError)
      .finally(() => setLoading(false));
  };
  useEffect(() => load(), []);

  const exportColumns: ExportColumn<AuditEntry>[] = [
    { title: t('audit.col.at'), value: (e) => formatTime(e.at, language), width: 22 },
    { title: t('audit.col.actor'), value: (e) => e.actorLabel },
    { title: t('audit.col.action'), value: (e) => actionText(e.action), width: 24 },
    { title: t('audit.col.entity'), value: entityText },
    { title: t('audit.before'), value: (e) => json(e.before), width: 50 },
    { title: t('audit.after'), value: (e) => json(e.after), width: 50 },
  ];

  return (
    <Card
      title={t('audit.title')}
      extra={
        <ExportButton
          fileName={t('audit.title')}
          sheetName={t('audit.title')}
          columns={exportColumns}
          rows={items}
        />
      }
    >
      <LoadError error={error} />
      <AuditHeadNote />
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (e) => (
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
                <pre style={{ fontSize: 12, maxHeight: 300, overflow: 'auto' }}>{json(e.before)}</pre>
              </Col>
              <Col span={12}>
                <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
                <pre style={{ fontSize: 12, maxHeight: 300, overflow: 'auto' }}>{json(e.after)}</pre>
              </Col>
            </Row>
          ),
        }}
        columns={[
          {
            title: t('audit.col.at'),
            dataIndex: 'at',
            width: 200,
            render: (v: string) => formatTime(v, language),
          },
          { title: t('audit.col.actor'), dataIndex: 'actorLabel', width: 160 },
          {
            title: t('audit.col.action'),
            dataIndex: 'action',
            render: (action: string) => actionText(action),
          },
          {
            title: t('audit.col.entity'),
            key: 'entity',
            render: (_, e) => entityLink(e),
          },
        ]}
      />
      {next !== null ? (
        <Button style={{ marginTop: 12 }} onClick={() => load(next)} loading={loading}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </Card>
  );
}
