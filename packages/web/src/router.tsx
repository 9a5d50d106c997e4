import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useAuth } from './auth.js';
import { AppLayout } from './components/AppLayout.js';
import { Landing } from './components/Landing.js';
import { PublicLayout } from './components/PublicLayout.js';
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
const DashboardPage = lazy(() => import('./pages/DashboardPage.js'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage.js'));
const IndicatorPage = lazy(() => import('./pages/IndicatorPage.js'));
const FiguresImportPage = lazy(() => import('./pages/FiguresImportPage.js'));

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
      { index: true, element: <Landing /> },
      { path: 'plans', element: page(<PlansPage />) },
      { path: 'plans/:id', element: page(<PlanPage />) },
      { path: 'import', element: page(<ImportPage />) },
      { path: 'imports/:id', element: page(<ReviewPage />) },
      { path: 'units', element: page(<UnitsPage />) },
      { path: 'units/:id', element: page(<UnitPage />) },
      { path: 'audit', element: page(<AuditPage />) },
      { path: 'users', element: page(<UsersPage />) },
      { path: 'tokens', element: page(<TokensPage />) },
      { path: 'dashboard', element: <Landing dashboard /> },
      { path: 'plans/:id/dashboard', element: page(<DashboardPage />) },
      { path: 'indicators', element: page(<IndicatorsPage />) },
      { path: 'indicators/:id', element: page(<IndicatorPage />) },
      { path: 'figures', element: page(<FiguresImportPage />) },
      { path: '*', element: page(<NotFoundPage />) },
    ],
  },
]);
