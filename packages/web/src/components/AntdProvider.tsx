import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

/** The app's antd theme. `src/first-page.css` repeats these values for the login page, which loads no antd. */
export const ANTD_THEME = { token: { colorPrimary: '#b71c1c', borderRadius: 4 } };

/**
 * antd's configuration (theme, locale of its own texts) and its App (message, modal, notification), around the
 * layouts rather than the whole app: the login page loads no antd at all, which keeps its bundle small.
 */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={ANTD_THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
