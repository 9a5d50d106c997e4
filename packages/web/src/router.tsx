import type { ComponentType, ReactNode } from 'react';
import {
  createBrowserRouter,
  Navigate,
  Outlet,
  useLocation,
  type LoaderFunctionArgs,
  type RouteObject,
} from 'react-router';
import { useAuth } from './auth.js';
import { Loading } from './components/Loading.js';
import { planKey, prefetch, readPlan } from './lib/prefetch.js';
import { LoginPage } from './pages/LoginPage.js';
import type { Role } from './api/client.js';

/*
 * Code split by route: the login page is in the first bundle (every visit without a session lands there), every
 * other page and both layouts are chunks of their own. They are route `lazy` functions rather than React.lazy so
 * that the router starts loading the layout's and the page's chunks together, at navigation, in parallel with the
 * session check, instead of one after the other as each renders. Until the first page's chunks are there the
 * router shows `hydrateFallbackElement`; on later navigations the current page stays until the next is ready.
 * The plan page's route also starts reading the plan at once (lib/prefetch.ts), without waiting for its code.
 */

/** A route whose component is a module's default export, loaded when the route is first visited. */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

/** A loader that starts the plan's read and lets the navigation go on without waiting for it. */
const prefetchPlan =
  (publicView: boolean) =>
  ({ params }: LoaderFunctionArgs) => {
    const planId = Number(params.id);
    if (Number.isInteger(planId) && planId > 0)
      prefetch(planKey(planId, publicView), () => readPlan(planId, publicView));
    return null;
  };

/** Sends whoever is not logged in to the login page, remembering where they were going. */
function RequireLogin({ children }: { children?: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children ?? <Outlet />;
}

const loading = <Loading />;

/** Who may open which pages: the server's authorization matrix, so a page is never shown to be refused. */
const MANAGERS: readonly Role[] = ['admin', 'secretariat'];
const INTERNAL: readonly Role[] = ['admin', 'secretariat', 'leader', 'unit_officer', 'statistics_officer'];
const ADMINS: readonly Role[] = ['admin'];
/** Who may enter or import figures (a unit officer only for the indicators their unit owns: the server checks). */
const FIGURE_ENTRY: readonly Role[] = ['admin', 'secretariat', 'statistics_officer', 'unit_officer'];
/** Who works on tasks, reviews them or follows their supervision (issue 9). */
const DELIVERY: readonly Role[] = ['admin', 'secretariat', 'leader', 'unit_officer'];

/**
 * A page only these roles may open (others see a permission notice, before any form or request of the page). The
 * guard (antd) loads with the page's chunk, so the first bundle stays without antd.
 */
const guarded = (
  roles: readonly Role[],
  load: () => Promise<{ default: ComponentType }>,
): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => {
    const [{ default: Page }, { RequireRole }] = await Promise.all([
      load(),
      import('./components/RequireRole.js'),
    ]);
    return {
      Component: () => (
        <RequireRole roles={roles}>
          <Page />
        </RequireRole>
      ),
    };
  },
});

/** The app's router, made by main.tsx once the address is settled (see there). */
export const createAppRouter = () =>
  createBrowserRouter([
    { path: '/login', element: <LoginPage />, hydrateFallbackElement: loading },
    {
      // Published plans, for anyone: no login.
      path: '/public',
      hydrateFallbackElement: loading,
      lazy: async () => ({ Component: (await import('./components/PublicLayout.js')).PublicLayout }),
      children: [
        { index: true, ...page(() => import('./pages/PublicPlansPage.js')) },
        {
          path: 'plans/:id',
          loader: prefetchPlan(true),
          lazy: async () => {
            const { default: PlanPage } = await import('./pages/PlanPage.js');
            return { Component: () => <PlanPage publicView /> };
          },
        },
        { path: '*', ...page(() => import('./pages/NotFoundPage.js')) },
      ],
    },
    {
      path: '/',
      element: <RequireLogin />,
      hydrateFallbackElement: loading,
      children: [
        {
          lazy: async () => ({ Component: (await import('./components/AppLayout.js')).AppLayout }),
          children: [
            // A leader lands on the first plan's indicator dashboard, everyone else on the plans.
            {
              index: true,
              lazy: async () => ({ Component: (await import('./components/Landing.js')).Landing }),
            },
            {
              path: 'dashboard',
              lazy: async () => {
                const { Landing } = await import('./components/Landing.js');
                return { Component: () => <Landing dashboard /> };
              },
            },
            { path: 'plans/:id/dashboard', ...page(() => import('./pages/DashboardPage.js')) },
            { path: 'indicators', ...page(() => import('./pages/IndicatorsPage.js')) },
            { path: 'indicators/:id', ...page(() => import('./pages/IndicatorPage.js')) },
            { path: 'figures', ...guarded(FIGURE_ENTRY, () => import('./pages/FiguresImportPage.js')) },
            { path: 'plans', ...page(() => import('./pages/PlansPage.js')) },
            { path: 'plans/:id', loader: prefetchPlan(false), ...page(() => import('./pages/PlanPage.js')) },
            {
              path: 'plans/:id/tasks/:nodeId',
              loader: prefetchPlan(false),
              ...guarded(INTERNAL, () => import('./pages/TaskPage.js')),
            },
            { path: 'workspace', ...guarded(DELIVERY, () => import('./pages/WorkspacePage.js')) },
            { path: 'queue', ...guarded(MANAGERS, () => import('./pages/ReviewQueuePage.js')) },
            { path: 'supervision', ...guarded(DELIVERY, () => import('./pages/SupervisionPage.js')) },
            { path: 'import', ...guarded(MANAGERS, () => import('./pages/ImportPage.js')) },
            { path: 'imports/:id', ...guarded(MANAGERS, () => import('./pages/ReviewPage.js')) },
            { path: 'units', ...guarded(INTERNAL, () => import('./pages/UnitsPage.js')) },
            { path: 'units/:id', ...guarded(INTERNAL, () => import('./pages/UnitPage.js')) },
            { path: 'audit', ...guarded(MANAGERS, () => import('./pages/AuditPage.js')) },
            { path: 'users', ...guarded(ADMINS, () => import('./pages/UsersPage.js')) },
            { path: 'areas', ...guarded(ADMINS, () => import('./pages/AreasPage.js')) },
            { path: 'tokens', ...page(() => import('./pages/TokensPage.js')) },
            { path: '*', ...page(() => import('./pages/NotFoundPage.js')) },
          ],
        },
      ],
    },
  ]);
