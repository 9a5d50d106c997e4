import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useErrorText } from './error-text.js';

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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps stand for `load`
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** Below antd's `lg` breakpoint: a phone or a narrow window, where the side navigation and wide toolbars give way. */
const NARROW = '(max-width: 991.98px)';

/** Whether the window is narrower than the side navigation needs, read at once so the first paint is right. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const update = () => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}
