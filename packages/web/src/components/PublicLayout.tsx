import { GlobalOutlined, LoginOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Typography } from 'antd';
import { Link, Outlet } from 'react-router';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';
import { AntdProvider } from './AntdProvider.js';

/** The frame of the pages anyone may see without logging in: the published plans. */
function Frame() {
  const { t, language, setLanguage } = useI18n();
  const { user } = useAuth();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: '#fff',
          padding: '0 24px',
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Link to="/public">
          <Space align="baseline">
            <Typography.Title level={4} style={{ margin: 0, color: '#b71c1c' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('public.title')}</Typography.Text>
          </Space>
        </Link>
        <Space>
          <Button
            type="text"
            icon={<GlobalOutlined />}
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
            data-testid="public-language"
          >
            {t('user.language')}
          </Button>
          <Link to={user ? '/plans' : '/login'} data-testid="public-login">
            <Button icon={<LoginOutlined />}>{user ? t('nav.plans') : t('public.login')}</Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

/** The frame inside antd's provider, which the login page does not load (see AntdProvider). */
export function PublicLayout() {
  return (
    <AntdProvider>
      <Frame />
    </AntdProvider>
  );
}
