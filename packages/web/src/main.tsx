import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AuthProvider } from './auth.js';
import './first-page.css';
import { I18nProvider } from './i18n/index.js';
import { router } from './router.js';

// No antd here: its provider sits in the layouts (components/AntdProvider.tsx), loaded with the first page that
// needs it, so the login page's bundle is React, the router and the page alone.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </I18nProvider>
  </StrictMode>,
);
