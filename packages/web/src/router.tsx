import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useAuth } from './auth.js';
import { AppLayout } from './components/AppLayout.js';
import { PublicLayout } from './components/PublicLayout.js';
import { RequireRole } from './components/RequireRole.js';
import type { Role } from './api/client.js';
import { LoginPage } from './pages/LoginPage.js';

const PlansPage = lazy(() => import('./pages/PlansPage.js'));
const PlanPage = lazy(() => import('./pages/PlanPage.js'));
const ImportPage = lazy(() => import('./pages/ImportPage.js'));
const ReviewPage = lazy(() => import('./pages/ReviewPage.js'));
const UnitsPage = lazy(() => import('./pages/UnitsPage.js'));
const UnitPage = lazy(() => import('./pages/UnitPage.js'));
const AuditPage = lazy(() => import('./pages/AuditPage.js'));
const UsersPage = lazy(() => import('./pages/UsersPage.js'));
const TokensPage = lazy(() => import('./pages/TokensPage.js'));
const PublicPlansPage = lazy(() => import('./pages/PublicPlansPage.js'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.js'));
const AreasPage = lazy(() => import('./pages/AreasPage.js'));

function Loading() {
  return <Spin style={{ display: 'block', margin: '80px auto' }} />;
}

/** Sends whoever is not logged in to the login page, remembering where they were going. */
function RequireLogin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

const page = (element: ReactNode) => <Suspense fallback={<Loading />}>{element}</Suspense>;

/** Who may open which pages: the server's authorization matrix, so a page is never shown to be refused. */
const MANAGERS: readonly Role[] = ['admin', 'secretariat'];
const INTERNAL: readonly Role[] = ['admin', 'secretariat', 'leader', 'unit_officer', 'statistics_officer'];
const ADMINS: readonly Role[] = ['admin'];
const guarded = (roles: readonly Role[], element: ReactNode) =>
  page(<RequireRole roles={roles}>{element}</RequireRole>);

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    // Published plans, for anyone: no login.
    path: '/public',
    element: <PublicLayout />,
    children: [
      { index: true, element: page(<PublicPlansPage />) },
      { path: 'plans/:id', element: page(<PlanPage publicView />) },
      { path: '*', element: page(<NotFoundPage />) },
    ],
  },
  {
    path: '/',
    element: (
      <RequireLogin>
        <AppLayout />
      </RequireLogin>
    ),
    children: [
      { index: true, element: <Navigate to="/plans" replace /> },
      { path: 'plans', element: page(<PlansPage />) },
      { path: 'plans/:id', element: page(<PlanPage />) },
      { path: 'import', element: guarded(MANAGERS, <ImportPage />) },
      { path: 'imports/:id', element: guarded(MANAGERS, <ReviewPage />) },
      { path: 'units', element: guarded(INTERNAL, <UnitsPage />) },
      { path: 'units/:id', element: guarded(INTERNAL, <UnitPage />) },
      { path: 'audit', element: guarded(MANAGERS, <AuditPage />) },
      { path: 'users', element: guarded(ADMINS, <UsersPage />) },
      { path: 'areas', element: guarded(ADMINS, <AreasPage />) },
      { path: 'tokens', element: page(<TokensPage />) },
      { path: '*', element: page(<NotFoundPage />) },
    ],
  },
]);
