import { GlobalOutlined, LockOutlined, ReadOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';
import { useErrorText } from '../lib/hooks.js';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { user, login, expired } = useAuth();
  const { t, language, setLanguage } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (user) return <Navigate to={from} replace />;

  const onFinish = ({ username, password }: LoginForm) => {
    setBusy(true);
    setError(null);
    login(username, password)
      .then(() => navigate(from, { replace: true }))
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f5f5',
      }}
    >
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={3} style={{ color: '#b71c1c', marginTop: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Button
            type="link"
            icon={<GlobalOutlined />}
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
            data-testid="login-language"
          >
            {t('user.language')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        {!error && expired ? (
          <Alert type="warning" showIcon title={t('error.sessionExpired')} style={{ marginBottom: 16 }} />
        ) : null}
        <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Link to="/public" data-testid="login-public-link">
            <ReadOutlined /> {t('login.publicLink')}
          </Link>
        </div>
      </Card>
    </div>
  );
}
