import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Webhook } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { webhookApi } from '../../lib/delivery-api.js';
import { loadAllPages } from '../../lib/paging.js';
import { useLoad, useNotifyError } from '../../lib/hooks.js';
import { LoadError } from '../LoadError.js';
import { WebhookDeliveries } from './WebhookDeliveries.js';
import { WebhookModal } from './WebhookModal.js';

const FORMAT_COLOR: Record<Webhook['format'], string> = {
  wecom: 'green',
  dingtalk: 'blue',
  generic: 'default',
};

/**
 * 消息推送: the webhooks that hear of notices, with what each sends where; add, change, remove (after a
 * confirmation) and each one's deliveries. Webhooks are the secretariat's, across plans: this plan's and those of
 * every plan show first, another plan's after them.
 */
export function WebhookList({ planId, planTitle }: { planId: number; planTitle: (id: number) => string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const hooks = useLoad(() => loadAllPages((cursor) => webhookApi.list({ limit: 200, cursor })), []);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);
  const rank = (w: Webhook) => (w.planId === planId ? 0 : w.planId === null ? 1 : 2);
  const rows = [...(hooks.data ?? [])].sort((a, b) => rank(a) - rank(b) || a.id - b.id);

  const remove = (w: Webhook) =>
    webhookApi.remove(w.id).then(() => {
      void message.success(t('webhook.removed', { name: w.name }));
      hooks.reload();
    }, notifyError);

  return (
    <div data-testid="webhooks">
      <Space wrap size={[8, 8]} style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('webhook.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="webhook-add"
        >
          {t('webhook.add')}
        </Button>
      </Space>
      <LoadError error={hooks.error} />
      <Table<Webhook>
        rowKey="id"
        size="small"
        loading={hooks.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('webhook.empty') }}
        data-testid="webhook-table"
        columns={[
          {
            title: t('webhook.name'),
            dataIndex: 'name',
            render: (name: string, w) => (
              <Space size={4} wrap={false}>
                <span data-testid="webhook-row-name">{name}</span>
                {w.enabled ? null : <Tag>{t('webhook.disabled')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('webhook.format'),
            dataIndex: 'format',
            render: (f: Webhook['format']) => (
              <Tag color={FORMAT_COLOR[f]} data-testid="webhook-row-format">
                {t(`webhookFormat.${f}`)}
              </Tag>
            ),
          },
          {
            title: t('webhook.url'),
            dataIndex: 'url',
            render: (url: string) => (
              <Typography.Text
                style={{ maxWidth: 260, fontSize: 12 }}
                ellipsis={{ tooltip: url }}
                type="secondary"
              >
                {url}
              </Typography.Text>
            ),
          },
          {
            title: t('webhook.scope'),
            key: 'scope',
            render: (_: unknown, w) =>
              w.planId === null
                ? t('webhook.scopeAll')
                : w.planId === planId
                  ? t('webhook.scopeThisPlan')
                  : planTitle(w.planId),
          },
          {
            title: t('webhook.minLevel'),
            dataIndex: 'minLevel',
            render: (l: Webhook['minLevel']) => t(`webhook.minLevel.${l}`),
          },
          {
            title: t('webhook.secret'),
            dataIndex: 'signed',
            render: (signed: boolean) => (signed ? t('webhook.signed') : t('webhook.unsigned')),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, w) => (
              <Space size={0} wrap={false}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setWatching(w)}
                  data-testid="webhook-deliveries-open"
                >
                  {t('webhook.deliveries')}
                </Button>
                <Button type="link" size="small" onClick={() => setEditing(w)} data-testid="webhook-edit">
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('webhook.removeConfirm', { name: w.name })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'webhook-remove-confirm' }}
                  onConfirm={() => void remove(w)}
                >
                  <Button type="link" size="small" danger data-testid="webhook-remove">
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <WebhookModal
          planId={planId}
          webhook={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            hooks.reload();
          }}
          onSaved={() => {
            setEditing(null);
            hooks.reload();
          }}
        />
      ) : null}
      {watching ? <WebhookDeliveries webhook={watching} onClose={() => setWatching(null)} /> : null}
    </div>
  );
}
