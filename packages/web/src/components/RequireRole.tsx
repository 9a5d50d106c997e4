import { Result } from 'antd';
import type { ReactNode } from 'react';
import type { Role } from '../api/client.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';

/** Shows a page only to the roles it is for; anyone else sees why, not a form that would fail on submit. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useAuth();
  const { t, language } = useI18n();
  if (user && roles.includes(user.role)) return children;
  return (
    <Result
      status="403"
      title={t('access.denied')}
      subTitle={t('access.deniedHint', {
        roles: roles.map((role) => t(`role.${role}`)).join(language === 'zh' ? '、' : ', '),
      })}
      data-testid="forbidden"
    />
  );
}
