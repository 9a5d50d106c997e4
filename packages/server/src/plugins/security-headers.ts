import fp from 'fastify-plugin';

/**
 * The Content-Security-Policy of every response. The web app and the /api/docs page load only their own
 * scripts (no inline script, no eval). Styles allow 'unsafe-inline' because Ant Design's CSS-in-JS inserts
 * <style> elements at run time and Swagger UI sets style attributes; images allow data: (the favicon, icons) and
 * blob: (exported files). Nothing may frame the app.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent on every response, including errors, static files and responses written on the raw socket. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The app's URLs carry plan and unit ids; other sites need not learn them.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

/** Half a year: how long a browser keeps to HTTPS once it saw the app over HTTPS. */
const HSTS = 'max-age=15552000';

/**
 * Security headers on every response. Set in `onRequest`, so that they are in place whatever answers the request
 * afterwards (a route, the static files, the not-found handler or the error handler). Over HTTPS (directly, or
 * behind a proxy that says so when `LUOSHI_TRUST_PROXY=1`) browsers are also told to keep to HTTPS.
 */
export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.headers(SECURITY_HEADERS);
      if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    });
  },
  { name: 'luoshi-security-headers' },
);
