import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ROLES, api, call, type Role, type User } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { loadAllPages, usePagedList } from '../lib/paging.js';
import { loadAllUnits } from '../lib/units.js';
import { LoadMore } from '../components/LoadMore.js';

interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId?: number;
  password: string;
}

/** Accounts, for the administrator: who may log in, in which role and for which unit. */
export default function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>(undefined);
  const filters = { q: q.trim() || undefined, role };
  const users = usePagedList(
    (cursor) => call(api.GET('/api/v1/users', { params: { query: { ...filters, cursor } } })),
    [filters.q, role],
  );
  const units = useLoad(loadAllUnits, []);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewUser>();

  const create = (values: NewUser) => {
    call(api.POST('/api/v1/users', { body: { ...values, unitId: values.unitId ?? null } })).then(() => {
      void message.success(t('users.created'));
      setAdding(false);
      form.resetFields();
      users.reload();
    }, notifyError);
  };

  const toggle = (user: User) => {
    call(
      api.PATCH('/api/v1/users/{id}', {
        params: { path: { id: user.id } },
        body: { disabled: !user.disabled },
      }),
    ).then(() => users.reload(), notifyError);
  };

  const exportColumns: ExportColumn<User>[] = [
    { title: t('users.col.username'), value: (u) => u.username },
    { title: t('users.col.displayName'), value: (u) => u.displayName },
    { title: t('users.col.role'), value: (u) => t(`role.${u.role}`), width: 20 },
    { title: t('users.col.unit'), value: (u) => u.unitName, width: 20 },
    { title: t('users.col.status'), value: (u) => (u.disabled ? t('users.disabled') : t('users.enabled')) },
  ];

  return (
    <Card
      title={t('users.title')}
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('users.search')}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 200 }}
          />
          <Select<Role | 'all'>
            value={role ?? 'all'}
            onChange={(v) => setRole(v === 'all' ? undefined : v)}
            style={{ width: 140 }}
            options={[
              { value: 'all', label: t('users.filter.allRoles') },
              ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })),
            ]}
          />
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('users.add')}
          </Button>
          <ExportButton
            fileName={t('users.title')}
            sheetName={t('users.title')}
            columns={exportColumns}
            rows={() =>
              loadAllPages((cursor) =>
                call(api.GET('/api/v1/users', { params: { query: { ...filters, limit: 200, cursor } } })),
              )
            }
          />
        </Space>
      }
    >
      <LoadError error={users.error} />
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.items}
        pagination={false}
        data-testid="users-table"
        columns={[
          { title: t('users.col.username'), dataIndex: 'username' },
          { title: t('users.col.displayName'), dataIndex: 'displayName' },
          { title: t('users.col.role'), dataIndex: 'role', render: (role: Role) => t(`role.${role}`) },
          { title: t('users.col.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          {
            title: t('users.col.status'),
            dataIndex: 'disabled',
            render: (disabled: boolean) =>
              disabled ? <Tag>{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) =>
              u.disabled ? (
                <Button size="small" type="link" onClick={() => toggle(u)}>
                  {t('users.enable')}
                </Button>
              ) : (
                // Disabling ends the user's logins and tokens for good: say so before it happens.
                <Popconfirm
                  title={t('users.disableConfirm')}
                  description={t('users.disableHint')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => toggle(u)}
                >
                  <Button size="small" type="link" danger>
                    {t('users.disable')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <LoadMore list={users} />
      <Modal
        open={adding}
        title={t('users.add')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
      >
        <Form<NewUser> form={form} layout="vertical" onFinish={create}>
          <Form.Item name="username" label={t('users.col.username')} rules={[{ required: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.col.displayName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.col.role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('users.col.unit')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="password" label={t('users.password')} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
