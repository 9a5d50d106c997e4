import { useI18n } from '../i18n/index.js';

/**
 * What shows while a page's code or the session check is on its way: a spinner, named in the user's language.
 * Plain CSS (`first-page.css`), since it shows before antd is loaded.
 */
export function Loading() {
  const { t } = useI18n();
  return (
    <div className="luoshi-loading" role="status" aria-label={t('common.loading')} data-testid="loading">
      <span className="luoshi-spinner" />
    </div>
  );
}
