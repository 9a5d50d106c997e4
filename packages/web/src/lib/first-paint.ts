import { useLayoutEffect } from 'react';

/**
 * The first paint of a plan the server put into the page it sent (`#first-paint`, outside #root, see the server's
 * plans/first-paint.ts): the plan's title and task rows as plain HTML, covering the page until the app has its own.
 */
export function removeFirstPaint(): void {
  document.getElementById('first-paint')?.remove();
}

/**
 * Removes the first paint once `replaced` (the page's own table has rendered, or its read failed) or when the page
 * goes: in a layout effect, so the browser never paints both, nor neither.
 */
export function useFirstPaintUntil(replaced: boolean): void {
  useLayoutEffect(() => {
    if (replaced) removeFirstPaint();
  }, [replaced]);
  useLayoutEffect(() => removeFirstPaint, []);
}
