import { useCallback, useEffect, useRef, useState } from 'react';

/** A page of a list as the API returns it (keyset pagination: pass `nextCursor` back for the next page). */
export interface ApiPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  /** The rows of every page loaded so far. */
  items: T[];
  loading: boolean;
  error: unknown;
  /** Whether the server has more rows after those loaded. */
  hasMore: boolean;
  /** Loads the next page and appends it. */
  loadMore: () => void;
  /** Starts again from the first page. */
  reload: () => void;
}

/**
 * A list read a page at a time ("load more"), from its first page again whenever `deps` change (a filter, the
 * sort). Answers to an older request are dropped, so a quick change of filter never shows stale rows.
 */
export function usePagedList<T>(
  load: (cursor: string | undefined) => Promise<ApiPage<T>>,
  deps: readonly unknown[],
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  const fetchPage = useCallback(
    (after: string | undefined) => {
      const mine = ++generation.current;
      setLoading(true);
      load(after)
        .then((page) => {
          if (mine !== generation.current) return;
          setItems((current) => (after === undefined ? page.items : [...current, ...page.items]));
          setCursor(page.nextCursor);
          setError(null);
        })
        .catch((failure: unknown) => mine === generation.current && setError(failure))
        .finally(() => mine === generation.current && setLoading(false));
    },
    // The caller names what the load depends on, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps stand for `load`
    deps,
  );

  useEffect(() => fetchPage(undefined), [fetchPage, tick]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor !== null && fetchPage(cursor),
    reload: () => setTick((n) => n + 1),
  };
}

/**
 * Every row of a paged list, for the few places that need all of it at once (unit pickers: the registry of a
 * city's departments and districts is some hundreds of units at most).
 */
export async function loadAllPages<T>(
  load: (cursor: string | undefined) => Promise<ApiPage<T>>,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return rows;
}
