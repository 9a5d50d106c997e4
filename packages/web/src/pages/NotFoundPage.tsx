import { Result } from 'antd';
import { useI18n } from '../i18n/index.js';

export default function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title={t('notFound.title')} />;
}
