import { Drawer, Table, Tag, Typography } from 'antd';
import type { Webhook, WebhookDelivery } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { webhookApi } from '../../lib/delivery-api.js';
import { formatTime } from '../../lib/format.js';
import { usePagedList } from '../../lib/paging.js';
import { LoadError } from '../LoadError.js';
import { LoadMore } from '../LoadMore.js';

const STATUS_COLOR: Record<WebhookDelivery['status'], string> = {
  pending: 'processing',
  delivered: 'success',
  failed: 'error',
};

/** A webhook's deliveries, newest first: each message queued, how many attempts it took and how it ended. */
export function WebhookDeliveries({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t, language } = useI18n();
  const list = usePagedList(
    (cursor) => webhookApi.deliveries(webhook.id, { limit: 50, cursor }),
    [webhook.id],
  );
  return (
    <Drawer
      open
      size={760}
      onClose={onClose}
      title={t('webhook.deliveriesTitle', { name: webhook.name })}
      data-testid="webhook-deliveries"
    >
      <LoadError error={list.error} />
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('webhook.deliveriesEmpty') }}
        expandable={{
          expandedRowRender: (d) => (
            <Typography.Paragraph
              code
              copyable
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, maxWidth: 640 }}
            >
              {d.payload}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          {
            title: t('webhookDelivery.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatTime(v, language),
          },
          {
            title: t('webhookDelivery.notice'),
            dataIndex: 'noticeId',
            render: (v: number | null) => (v === null ? '—' : `#${v}`),
          },
          {
            title: t('webhookDelivery.status'),
            dataIndex: 'status',
            render: (s: WebhookDelivery['status']) => (
              <Tag color={STATUS_COLOR[s]} data-testid="delivery-status" data-status={s}>
                {t(`webhookDeliveryStatus.${s}`)}
              </Tag>
            ),
          },
          { title: t('webhookDelivery.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('webhookDelivery.response'),
            dataIndex: 'responseStatus',
            render: (v: number | null) => v ?? '—',
          },
          {
            title: t('webhookDelivery.deliveredAt'),
            dataIndex: 'deliveredAt',
            render: (v: string | null) => (v ? formatTime(v, language) : '—'),
          },
          {
            title: t('webhookDelivery.error'),
            dataIndex: 'lastError',
            render: (v: string | null) =>
              v ? (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {v}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <LoadMore list={list} />
    </Drawer>
  );
}
