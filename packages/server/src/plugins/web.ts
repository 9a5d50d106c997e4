import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { planFirstPaint } from '../plans/first-paint.js';
import { compressors, negotiateEncoding, type Encoding } from './compress.js';

/** For files whose name carries a hash of their content: a new content is a new name, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** For index.html (and any unhashed file): keep it, but ask the server every time, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';
/** For a page that holds what only this session may read (a plan's first paint): kept nowhere. */
export const NO_STORE = 'no-store';

/** One of the app's pages as built, with its compressed forms and a tag for revalidation. */
interface BuiltPage {
  body: Buffer;
  encoded: Record<Encoding, Buffer>;
  etag: string;
}

function builtPage(html: string): BuiltPage {
  const body = Buffer.from(html);
  return {
    body,
    encoded: {
      br: zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY },
      }),
      gzip: zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
    },
    // Weak: the same page whatever its encoding.
    etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

/** Sends the app's HTML pages: which one, and what it holds, depends on the path and on who asks. */
export type PageSender = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** Pages anyone may open: the login page and the published plans. Every other page needs a session. */
const OPEN_PAGE = /^\/(?:login|public)(?:\/|$)/;
const PLAN_PAGE = /^\/(public\/)?plans\/([1-9]\d{0,8})\/?$/;
const ROOT = '<div id="root"></div>';

/** The language the web app said the user reads (packages/web/src/i18n: the `luoshi_language` cookie), else zh. */
const languageOf = (request: FastifyRequest) => (request.cookies.luoshi_language === 'en' ? 'en' : 'zh');
const LOGIN_ROOT = '<div id="root" data-prerendered="login">';

/**
 * Serves the built web app from `dir` when it holds an index.html; returns how to send its pages, or null without
 * one. Vite puts every file whose name carries a content hash under `assets/`: those are cached for a year as
 * immutable. The build writes .br and .gz beside each text file (packages/web/build/precompress.ts); they are sent
 * to the browsers that accept them, with `Vary: Accept-Encoding`, so files cost no compression work per request.
 *
 * The pages (any path of the app) are not files: the page sent depends on the session (packages/web/build/
 * prerender.ts makes them):
 * - /login, and any page but the public ones to a request without a valid session: login.html, the login page
 *   rendered ahead, so the form is there before any script; without a session it says so (`data-session="none"`),
 *   and the app neither asks who is logged in nor loads the page that was asked for (it goes to the login page);
 * - a plan's page (/plans/:id to a session that may read it, /public/plans/:id for a published plan): index.html
 *   with the plan's first paint (plans/first-paint.ts), the plan page's chunks announced (`modulepreload`) and the
 *   reads the page will make started (`preload`), never stored by any cache (`no-store`);
 * - any other page to a session: index.html with the session check started and the frame's chunks announced;
 * - otherwise index.html.
 * The others are revalidated on every load (`no-cache`, with an ETag), and vary with the cookie.
 */
export async function serveWebApp(app: FastifyInstance, dir: string | null): Promise<PageSender | null> {
  if (dir === null || !fs.existsSync(path.join(dir, 'index.html'))) return null;
  const assets = path.join(path.resolve(dir), 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // The pages are sent by the returned sender, `/` included: a directory is none of the files.
    index: false,
    allowedPath: (pathName) => !pathName.endsWith('/'),
    preCompressed: true,
    // The build's manifests (.vite/) are for the server and the tests, not for browsers.
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      void reply.header('cache-control', filePath.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });

  const read = (file: string) => {
    const full = path.join(dir, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
  };
  const indexHtml = read('index.html')!;
  const loginHtml = read('login.html');
  const index = builtPage(indexHtml);
  // A build without a prerendered login page (or an index.html of another shape) is served as it is.
  const login = loginHtml?.includes(LOGIN_ROOT) ? builtPage(loginHtml) : null;
  const loginNoSession = loginHtml?.includes(LOGIN_ROOT)
    ? builtPage(loginHtml.replace(LOGIN_ROOT, LOGIN_ROOT.replace('>', ' data-session="none">')))
    : null;
  const chunks = {
    app: [],
    plan: [],
    ...(JSON.parse(read('.vite/first-page.json') ?? '{}') as { app?: string[]; plan?: string[] }),
  };
  const modulePreloads = (files: string[]) =>
    files.map((file) => `<link rel="modulepreload" crossorigin href="${file}">`).join('');
  // Fetches as the app makes them (same origin, its cookies), so that the app's own requests take them.
  const fetchPreload = (url: string) =>
    `<link rel="preload" as="fetch" crossorigin="anonymous" href="${url}">`;
  // To a session: who is logged in is asked at once, and the frame's chunks come with the entry.
  const sessionHead = fetchPreload('/api/v1/auth/me') + modulePreloads(chunks.app);
  const indexForSession = indexHtml.includes('</head>')
    ? builtPage(indexHtml.replace('</head>', `${sessionHead}</head>`))
    : index;

  const headers = (reply: FastifyReply, cacheControl: string) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', cacheControl)
      .header('vary', 'cookie, accept-encoding');

  const sendBuilt = (request: FastifyRequest, reply: FastifyReply, page: BuiltPage) => {
    headers(reply, REVALIDATE).header('etag', page.etag);
    if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    const encoding = negotiateEncoding(request.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(encoding ? page.encoded[encoding] : page.body);
  };

  return async (request, reply) => {
    const urlPath = request.url.split('?')[0]!;
    const user = request.user;
    if (login && loginNoSession && (urlPath === '/login' || (!user && !OPEN_PAGE.test(urlPath))))
      return sendBuilt(request, reply, user ? login : loginNoSession);

    const plan = PLAN_PAGE.exec(urlPath);
    const publicView = plan?.[1] !== undefined;
    if (plan && (publicView || user) && indexHtml.includes(ROOT)) {
      const planId = Number(plan[2]);
      let paint: string | null = null;
      try {
        paint = await planFirstPaint(app.db, planId, publicView ? null : user, languageOf(request));
      } catch (err) {
        // The page works without it: the app reads the plan itself (and reports what fails then).
        request.log.warn({ err, planId }, 'the first paint of a plan failed');
      }
      if (paint !== null) {
        const head = publicView
          ? fetchPreload(`/api/v1/public/plans/${planId}`)
          : `${fetchPreload(`/api/v1/plans/${planId}`)}${sessionHead}`;
        const html = Buffer.from(
          indexHtml
            .replace('</head>', `${head}${modulePreloads(chunks.plan)}</head>`)
            .replace(ROOT, `${paint}${ROOT}`),
        );
        headers(reply, NO_STORE);
        const encoding = negotiateEncoding(request.headers['accept-encoding']);
        if (encoding === null) return reply.send(html);
        return reply.header('content-encoding', encoding).send(await compressors[encoding](html));
      }
    }
    return sendBuilt(request, reply, user && !OPEN_PAGE.test(urlPath) ? indexForSession : index);
  };
}
