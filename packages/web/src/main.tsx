import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AuthProvider } from './auth.js';
import './first-page.css';
import { I18nProvider, type Language } from './i18n/index.js';
import { removeFirstPaint } from './lib/first-paint.js';
import { createAppRouter } from './router.js';

const container = document.getElementById('root')!;

// The server sends the login page rendered ahead (dist/login.html, see prerender.tsx) at /login and to a visit
// without a session: the form is there before any script. A visit elsewhere without a session is that of someone
// the app would send to the login page: the address says so before the router starts, remembering where they were
// going, so that the router renders the page the HTML holds (and loads no other page's code).
const prerenderedLogin = container.dataset.prerendered === 'login';
if (prerenderedLogin && window.location.pathname !== '/login') {
  const from = window.location.pathname + window.location.search;
  window.history.replaceState(null, '', `/login?from=${encodeURIComponent(from)}`);
}

const router = createAppRouter();
// A plan's first paint (lib/first-paint.ts) is for the page it came with: the plan page replaces it, and any move
// elsewhere (to the login page, say, when the session turns out to have ended) takes it away.
const firstPath = window.location.pathname;
router.subscribe((state) => {
  if (state.location.pathname !== firstPath) removeFirstPaint();
});

// Navigations render at once, not in a React transition (react-router's default). In a transition React keeps the
// old screen until the new one has rendered without interruption, and every urgent update (an animation step, a
// toast, a list arriving) restarts that render: on a busy machine a tab kept in the address (督办's 消息推送, say)
// stayed on the old tab for the five seconds React lets a transition wait, answering clicks as the old tab.
// Route code comes through the router's `lazy`, resolved before the navigation renders, so nothing suspends.
// No antd here: its provider sits in the layouts (components/AntdProvider.tsx), loaded with the first page that
// needs it, so the login page's bundle is React, the router and the page alone.
const app = (first?: Language) => (
  <StrictMode>
    <I18nProvider first={first}>
      <AuthProvider>
        <RouterProvider router={router} useTransitions={false} />
      </AuthProvider>
    </I18nProvider>
  </StrictMode>
);

if (prerenderedLogin) {
  // React takes over the prerendered form without redrawing it (its first render is the prerender's: Chinese, no
  // user yet); an English user's texts follow right after.
  hydrateRoot(container, app('zh'));
} else {
  createRoot(container).render(app());
}
