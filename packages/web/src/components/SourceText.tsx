import { useEffect, useRef } from 'react';

export interface SourceTextProps {
  text: string;
  /** The span to highlight, `[start, end)` in UTF-16 offsets, as the importer gives it. */
  highlight: readonly number[] | null;
  height?: number | string;
}

/** The plan's text as imported, with the selected item's span marked and scrolled into view. */
export function SourceText({ text, highlight, height = '70vh' }: SourceTextProps) {
  const [from, to] = highlight ?? [];
  const boxRef = useRef<HTMLPreElement>(null);
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const box = boxRef.current;
    const mark = markRef.current;
    if (!box || !mark) return;
    // Scroll only the text box (not the page) so that the editor beside it stays where the user is working.
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTo({ top: Math.max(0, offset - box.clientHeight / 3), behavior: 'smooth' });
  }, [from, to]);
  const style = {
    height,
    overflow: 'auto',
    whiteSpace: 'pre-wrap' as const,
    wordBreak: 'break-word' as const,
    fontFamily: 'inherit',
    fontSize: 14,
    lineHeight: 1.8,
    margin: 0,
    padding: 12,
    background: '#fafafa',
    border: '1px solid #f0f0f0',
    borderRadius: 4,
  };
  const [start, end] = highlight ?? [];
  if (start === undefined || end === undefined || start >= end) {
    return (
      <pre ref={boxRef} style={style} data-testid="source-text">
        {text}
      </pre>
    );
  }
  return (
    <pre ref={boxRef} style={style} data-testid="source-text">
      {text.slice(0, start)}
      <mark ref={markRef} style={{ background: '#fff1b8', padding: 0 }} data-testid="source-highlight">
        {text.slice(start, end)}
      </mark>
      {text.slice(end)}
    </pre>
  );
}
