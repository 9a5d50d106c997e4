import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  ApiError,
  api,
  call,
  setCsrfToken,
  setUnauthorizedHandler,
  type Role,
  type User,
} from './api/client.js';

interface AuthValue {
  /** `undefined` while the session is being checked; `null` when nobody is logged in. */
  user: User | null | undefined;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /**
   * Changes the user's own password. The server ends every other session and token and replaces this session's
   * cookie; the new CSRF token is taken here. Resolves to how many other logins and tokens ended.
   */
  changePassword: (
    currentPassword: string,
    newPassword: string,
  ) => Promise<{ otherSessionsEnded: number; tokensRevoked: number }>;
  /** True after a request found the session gone, so the login page can say why the user is there. */
  expired: boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

/**
 * True when the server said, in the page it sent, that the request carried no valid session (`data-session="none"`
 * on #root, see the server's plugins/web.ts): then nobody is logged in and there is nothing to ask.
 */
const knownLoggedOut =
  typeof document !== 'undefined' && document.getElementById('root')?.dataset.session === 'none';

/**
 * Who is logged in, asked as soon as this module runs rather than after React's first render: on a cold load that
 * render waits for React itself to be parsed and run, and every page after login waits for this answer. Not asked
 * when the server said there is no session, nor outside a browser (the login page's prerender).
 */
const askWhoIsLoggedIn = () => call(api.GET('/api/v1/auth/me'));
let firstCheck: ReturnType<typeof askWhoIsLoggedIn> | null =
  typeof window === 'undefined' || knownLoggedOut ? null : askWhoIsLoggedIn();
let checkNeeded = !knownLoggedOut;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(knownLoggedOut ? null : undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setUser((current) => {
        if (current) setExpired(true);
        return null;
      });
    });
    if (checkNeeded)
      (firstCheck ?? askWhoIsLoggedIn())
        .then((me) => {
          setCsrfToken(me.csrfToken);
          setUser(me.user);
        })
        .catch(() => setUser(null));
    firstCheck = null;
    checkNeeded = true;
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const session = await call(api.POST('/api/v1/auth/login', { body: { username, password } }));
    setCsrfToken(session.csrfToken);
    setExpired(false);
    setUser(session.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await call(api.POST('/api/v1/auth/logout'));
    } catch (error) {
      // A session that has already ended is as good as logged out.
      if (!(error instanceof ApiError)) throw error;
    }
    setCsrfToken(null);
    setUser(null);
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const changed = await call(api.POST('/api/v1/me/password', { body: { currentPassword, newPassword } }));
    setCsrfToken(changed.csrfToken);
    setUser(changed.user);
    return changed;
  }, []);

  const value = useMemo(
    () => ({ user, login, logout, changePassword, expired }),
    [user, login, logout, changePassword, expired],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** Who may manage plans, units and the audit log (see PRODUCT.md roles). */
export function canManagePlans(role: Role | undefined): boolean {
  return role === 'admin' || role === 'secretariat';
}
