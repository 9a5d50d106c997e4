import { useCallback } from 'react';
import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

/**
 * The user-facing sentence for a failed call: the server's message in the current language when it sent one.
 * Kept apart from `hooks.ts` (which needs antd's App for toasts) so the login page does not pull that in.
 */
export function useErrorText(): (error: unknown) => string {
  const { t, pick } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.text) return pick(error.text);
        if (error.code === 'NETWORK') return t('error.network');
      }
      return t('error.unknown');
    },
    [t, pick],
  );
}
