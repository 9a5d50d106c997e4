import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** For files whose name carries a hash of their content: a new content is a new name, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** For index.html (and any unhashed file): keep it, but ask the server every time, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';

/**
 * Serves the built web app from `dir` when it holds an index.html; returns whether it does. Vite puts every file
 * whose name carries a content hash under `assets/`: those are cached for a year as immutable; everything else
 * (index.html, which names the current hashes) must be revalidated (ETag / Last-Modified make that a 304).
 * The build writes .br and .gz beside each text file (packages/web/build/precompress.ts); they are sent to the
 * browsers that accept them, with `Vary: Accept-Encoding`, so files cost no compression work per request.
 */
export async function serveWebApp(app: FastifyInstance, dir: string | null): Promise<boolean> {
  if (dir === null || !fs.existsSync(path.join(dir, 'index.html'))) return false;
  const assets = path.join(path.resolve(dir), 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    preCompressed: true,
    // The build's manifest (.vite/) is for the tests, not for browsers.
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      void reply.header('cache-control', filePath.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });
  return true;
}
