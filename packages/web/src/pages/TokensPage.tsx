import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type ApiToken } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';
import { useNotifyError } from '../lib/hooks.js';
import { loadAllPages, usePagedList } from '../lib/paging.js';
import { LoadMore } from '../components/LoadMore.js';

/** The logged-in user's own API tokens: list, create (the secret is shown once), revoke. */
export default function TokensPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const tokens = usePagedList(
    (cursor) => call(api.GET('/api/v1/tokens', { params: { query: { cursor } } })),
    [],
  );
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const create = ({ name }: { name: string }) => {
    setBusy(true);
    call(api.POST('/api/v1/tokens', { body: { name: name.trim() } }))
      .then((created) => {
        setCreating(false);
        form.resetFields();
        setSecret(created.token);
        tokens.reload();
      }, notifyError)
      .finally(() => setBusy(false));
  };

  const revoke = (token: ApiToken) => {
    call(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: token.id } } })).then(() => {
      void message.success(t('tokens.revoked'));
      tokens.reload();
    }, notifyError);
  };

  const status = (x: ApiToken) => (x.revokedAt ? t('tokens.revokedStatus') : t('tokens.active'));
  const exportColumns: ExportColumn<ApiToken>[] = [
    { title: t('tokens.col.name'), value: (x) => x.name, width: 30 },
    { title: t('tokens.col.prefix'), value: (x) => x.prefix, width: 16 },
    { title: t('tokens.col.createdAt'), value: (x) => formatTime(x.createdAt, language), width: 22 },
    {
      title: t('tokens.col.lastUsedAt'),
      value: (x) => (x.lastUsedAt ? formatTime(x.lastUsedAt, language) : t('tokens.never')),
      width: 22,
    },
    { title: t('tokens.col.status'), value: status },
  ];

  return (
    <Card
      title={
        <span>
          <KeyOutlined /> {t('tokens.title')}
        </span>
      }
      extra={
        <>
          <ExportButton
            fileName={t('tokens.title')}
            sheetName={t('tokens.title')}
            columns={exportColumns}
            rows={() =>
              loadAllPages((cursor) =>
                call(api.GET('/api/v1/tokens', { params: { query: { limit: 200, cursor } } })),
              )
            }
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            style={{ marginLeft: 8 }}
            onClick={() => setCreating(true)}
            data-testid="token-create"
          >
            {t('tokens.create')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.hint')}</Typography.Paragraph>
      <LoadError error={tokens.error} />
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={tokens.loading}
        dataSource={tokens.items}
        pagination={false}
        locale={{ emptyText: t('tokens.empty') }}
        data-testid="tokens-table"
        columns={[
          { title: t('tokens.col.name'), dataIndex: 'name' },
          {
            title: t('tokens.col.prefix'),
            dataIndex: 'prefix',
            render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
          },
          {
            title: t('tokens.col.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatTime(v, language),
          },
          {
            title: t('tokens.col.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) =>
              v ? (
                formatTime(v, language)
              ) : (
                <Typography.Text type="secondary">{t('tokens.never')}</Typography.Text>
              ),
          },
          {
            title: t('tokens.col.status'),
            key: 'status',
            render: (_, x) => <Tag color={x.revokedAt ? undefined : 'green'}>{status(x)}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_, x) =>
              x.revokedAt ? null : (
                <Popconfirm
                  title={t('tokens.revokeTitle')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => revoke(x)}
                >
                  <Button size="small" type="link" danger data-testid="token-revoke">
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <LoadMore list={tokens} />
      <Modal
        open={creating}
        title={t('tokens.create')}
        okText={t('tokens.create')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item
            name="name"
            label={t('tokens.name')}
            rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}
          >
            <Input placeholder={t('tokens.namePlaceholder')} maxLength={100} data-testid="token-name" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={t('tokens.createdTitle')}
        closable={false}
        maskClosable={false}
        // The secret leaves the page with the dialog: it is shown once, never kept in the DOM.
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="token-done">
            {t('tokens.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('tokens.createdHint')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph
          code
          copyable={{ text: secret ?? '', tooltips: [t('tokens.copy'), t('tokens.copied')] }}
          style={{ fontSize: 15, wordBreak: 'break-all' }}
          data-testid="token-secret"
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
