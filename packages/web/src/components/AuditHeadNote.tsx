import { Alert, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, call, type AuditHead } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

/**
 * The audit hash chain's head, for an admin to record outside the system: a later
 * `luoshi audit verify --expect-head` proves against it that nothing up to it was changed or removed.
 */
export function AuditHeadNote() {
  const { t } = useI18n();
  const [head, setHead] = useState<AuditHead | null>(null);
  useEffect(() => {
    // Not shown when it cannot be read: the page's own load error already says the log is unavailable.
    call(api.GET('/api/v1/audit/head')).then(setHead, () => setHead(null));
  }, []);
  if (!head) return null;
  return (
    <Alert
      type="info"
      style={{ marginBottom: 12 }}
      data-testid="audit-head"
      title={t('audit.head.title')}
      description={
        <>
          {head.hash === null ? (
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('audit.head.empty')}</Typography.Paragraph>
          ) : (
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {t('audit.head.summary', { rows: head.rows })}{' '}
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {head.hash}
              </Typography.Text>
            </Typography.Paragraph>
          )}
          <Typography.Text type="secondary">{t('audit.head.help')}</Typography.Text>
        </>
      }
    />
  );
}
