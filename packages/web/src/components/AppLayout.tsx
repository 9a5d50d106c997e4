import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DownOutlined,
  FileTextOutlined,
  GlobalOutlined,
  KeyOutlined,
  ImportOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Dropdown, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { canManagePlans, useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';
import { AntdProvider } from './AntdProvider.js';
import { useNarrow, useNotifyError } from '../lib/hooks.js';
import { ChangePasswordModal } from './ChangePasswordModal.js';
import { deliveryNavItems } from './delivery-nav.js';
import { indicatorNavItems } from './indicator-nav.js';

/**
 * The frame of every page after login: navigation by role on the left, the user's menu on top. On a narrow screen
 * the navigation opens from a menu button in the header, which keeps it clear of the page's own title.
 */
function Frame() {
  const { user, logout } = useAuth();
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const notifyError = useNotifyError();
  const role = user?.role;
  const [changingPassword, setChangingPassword] = useState(false);
  const narrow = useNarrow();
  const [navOpen, setNavOpen] = useState(false);

  const items: MenuProps['items'] = [{ key: '/plans', icon: <FileTextOutlined />, label: t('nav.plans') }];
  if (canManagePlans(role)) items.push({ key: '/import', icon: <ImportOutlined />, label: t('nav.import') });
  if (role !== 'enterprise_reporter')
    items.push({ key: '/units', icon: <BankOutlined />, label: t('nav.units') });
  if (canManagePlans(role)) items.push({ key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') });
  if (role === 'admin') items.push({ key: '/users', icon: <TeamOutlined />, label: t('nav.users') });
  if (role === 'admin') items.push({ key: '/areas', icon: <ApartmentOutlined />, label: t('nav.areas') });
  items.splice(1, 0, ...indicatorNavItems(role, t));
  const delivery = deliveryNavItems(role, user?.unitId != null, t);
  // A unit officer's workspace comes first; the review queue and the board after the plans.
  if (delivery[0]?.key === '/workspace') items.unshift(delivery.shift()!);
  items.splice(items.findIndex((x) => x?.key === '/plans') + 1, 0, ...delivery);

  const section = '/' + (location.pathname.split('/')[1] ?? '');
  const selected =
    section === '/imports' ? '/import' : location.pathname.endsWith('/dashboard') ? '/dashboard' : section;

  const userMenu: MenuProps = {
    items: [
      { key: 'tokens', icon: <KeyOutlined />, label: t('user.tokens') },
      { key: 'password', icon: <LockOutlined />, label: t('user.changePassword') },
      { key: 'language', icon: <GlobalOutlined />, label: t('user.language') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout') },
    ],
    onClick: ({ key }) => {
      if (key === 'tokens') void navigate('/tokens');
      if (key === 'password') setChangingPassword(true);
      if (key === 'language') setLanguage(language === 'zh' ? 'en' : 'zh');
      if (key === 'logout') logout().then(() => navigate('/login'), notifyError);
    },
  };

  const brand = (
    <div style={{ padding: '16px 20px' }}>
      <Typography.Title level={4} style={{ margin: 0, color: '#b71c1c' }}>
        {t('app.name')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('app.subtitle')}
      </Typography.Text>
    </div>
  );
  const nav = (
    <Menu
      mode="inline"
      style={{ borderInlineEnd: 'none' }}
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => {
        setNavOpen(false);
        void navigate(key);
      }}
      data-testid="nav"
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          open={navOpen}
          onClose={() => setNavOpen(false)}
          placement="left"
          width={240}
          closable={false}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          {brand}
          {nav}
        </Drawer>
      ) : (
        <Layout.Sider theme="light" width={200} style={{ borderRight: '1px solid #f0f0f0' }}>
          {brand}
          {nav}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {narrow ? (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('nav.open')}
                onClick={() => setNavOpen(true)}
                data-testid="nav-open"
              />
              <Typography.Text strong style={{ color: '#b71c1c', fontSize: 16 }}>
                {t('app.name')}
              </Typography.Text>
            </>
          ) : null}
          <Dropdown menu={userMenu} trigger={['click']}>
            <Button type="text" data-testid="user-menu" style={{ marginInlineStart: 'auto', minWidth: 0 }}>
              <Space>
                {user?.displayName || user?.username}
                {role && t(`role.${role}`) !== user?.displayName && !narrow ? (
                  <Typography.Text type="secondary">{t(`role.${role}`)}</Typography.Text>
                ) : null}
                <DownOutlined />
              </Space>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
        <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
      </Layout>
    </Layout>
  );
}

/** The frame inside antd's provider, which the login page does not load (see AntdProvider). */
export function AppLayout() {
  return (
    <AntdProvider>
      <Frame />
    </AntdProvider>
  );
}
