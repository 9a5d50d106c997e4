import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

/** The user-facing sentence for a failed call: the server's message in the current language when it sent one. */
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

/** Shows a failed call as a message toast. */
export function useNotifyError(): (error: unknown) => void {
  const { message } = App.useApp();
  const text = useErrorText();
  return useCallback((error: unknown) => void message.error(text(error)), [message, text]);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Loads data for a page; reloads when `deps` change. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(null);
      })
      .catch((failure: unknown) => live && setError(failure))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // The caller names what the load depends on, as with useEffect.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
