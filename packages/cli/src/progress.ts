/**
 * A one-line progress bar on a terminal (nothing when the stream is not one, so logs and pipes stay clean):
 * `[██████░░░░░░]  48%  12.3/25.6 MB  8.1 MB/s`. Redrawn at most ten times a second.
 */
export function progressBar(
  stream: NodeJS.WriteStream,
  total: number,
): { update(done: number): void; done(): void } {
  if (!stream.isTTY || total <= 0) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let last = 0;
  let shown = false;
  const draw = (done: number) => {
    const share = Math.min(1, done / total);
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
    const filled = Math.round(share * width);
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const rate = done / 1e6 / Math.max(0.001, (Date.now() - started) / 1000);
    stream.write(
      `\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ` +
        `${mb(done)}/${mb(total)} MB  ${rate.toFixed(1)} MB/s`,
    );
    shown = true;
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}
