import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Role } from '../api/client.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';

/**
 * Renders a page only for the roles that may use it; anyone else sees a permission notice instead, before any
 * form or request of the page (a leader typing /import must not meet an import form that then fails).
 */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useI18n();
  if (user && roles.includes(user.role)) return children;
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.body', { role: user ? t(`role.${user.role}`) : '' })}
      extra={
        <Link to="/plans">
          <Button type="primary">{t('forbidden.back')}</Button>
        </Link>
      }
      data-testid="forbidden"
    />
  );
}
