import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthProvider } from './auth.js';
import { I18nProvider } from './i18n/index.js';
import { LoginPage } from './pages/LoginPage.js';

/**
 * The login page as HTML, rendered at build time (build/prerender.ts) into dist/login.html, which the server sends
 * to whoever has no session: the form shows and takes typing as soon as the HTML arrives, and main.tsx hydrates it.
 * The tree is the one main.tsx renders at /login (a data router, so that links come out as the browser's router
 * writes them), in Chinese and with nobody known to be logged in, as the first render in the browser is.
 */
export function renderLoginPage(): string {
  const router = createMemoryRouter([{ path: '/login', element: <LoginPage /> }], {
    initialEntries: ['/login'],
  });
  return renderToString(
    <StrictMode>
      <I18nProvider first="zh">
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
