import CloseCircleFilled from '@ant-design/icons-svg/es/asn/CloseCircleFilled';
import ExclamationCircleFilled from '@ant-design/icons-svg/es/asn/ExclamationCircleFilled';
import GlobalOutlined from '@ant-design/icons-svg/es/asn/GlobalOutlined';
import LockOutlined from '@ant-design/icons-svg/es/asn/LockOutlined';
import ReadOutlined from '@ant-design/icons-svg/es/asn/ReadOutlined';
import UserOutlined from '@ant-design/icons-svg/es/asn/UserOutlined';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../auth.js';
import { SvgIcon } from '../components/SvgIcon.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useErrorText } from '../lib/error-text.js';

type Field = 'username' | 'password';

const REQUIRED: Record<Field, MessageKey> = {
  username: 'login.usernameRequired',
  password: 'login.passwordRequired',
};

const noSubscription = () => () => undefined;

/**
 * False in the HTML rendered ahead (prerender.tsx) and during hydration, true once React runs the page: the submit
 * button waits for it, so that a press before the script has loaded does not send the form as a plain GET (the
 * password in the address) but does nothing; the fields take typing at once.
 */
const useScriptReady = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

/** Where to go after login: a path of this app, never another site (`//host`, `/\host`). */
function returnPath(from: unknown): string | null {
  return typeof from === 'string' && /^\/(?![/\\])/.test(from) ? from : null;
}

/**
 * The login page is in the first bundle every visitor loads, so it uses no antd (which would more than double
 * that bundle): plain elements styled by `first-page.css` to look like the antd form the rest of the app uses.
 */
export function LoginPage() {
  const { user, login, expired } = useAuth();
  const { t, language, setLanguage } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const location = useLocation();
  // What the fields hold, as of their last change or the last submit. The fields themselves are not controlled:
  // what someone typed into the prerendered form before the script came stays there through hydration, and the
  // submit reads the fields.
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '' });
  // Which fields to check: none until the first submit, then each one as it changes (as antd's Form does).
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [params] = useSearchParams();
  const ready = useScriptReady();
  // Sent here by the app (state) or by the server, which answers a visit without a session with this page
  // (`?from=`, see main.tsx).
  const from =
    returnPath((location.state as { from?: unknown } | null)?.from) ?? returnPath(params.get('from')) ?? '/';

  if (user) return <Navigate to={from} replace />;

  const missing = (field: Field) => checked && values[field] === '';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (field: Field) => {
      const value = form.get(field);
      return typeof value === 'string' ? value : '';
    };
    const typed = { username: text('username'), password: text('password') };
    setValues(typed);
    setChecked(true);
    if (typed.username === '' || typed.password === '') return;
    setBusy(true);
    setError(null);
    login(typed.username, typed.password)
      .then(() => navigate(from, { replace: true }))
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  const field = (name: Field, icon: typeof UserOutlined, type: string, autoComplete: string) => (
    <div className="luoshi-field">
      <label htmlFor={`login-${name}`}>{t(`login.${name}`)}</label>
      <span className={`luoshi-input${missing(name) ? ' luoshi-input-error' : ''}`}>
        <SvgIcon icon={icon} />
        <input
          id={`login-${name}`}
          name={name}
          type={type}
          autoComplete={autoComplete}
          autoFocus={name === 'username'}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={missing(name)}
          aria-describedby={missing(name) ? `login-${name}-help` : undefined}
        />
      </span>
      {missing(name) ? (
        <div id={`login-${name}-help`} className="luoshi-field-error">
          {t(REQUIRED[name])}
        </div>
      ) : null}
    </div>
  );

  const alert = (kind: 'error' | 'warning', text: string, testId?: string) => (
    <div className={`luoshi-alert luoshi-alert-${kind}`} role="alert" data-testid={testId}>
      <SvgIcon icon={kind === 'error' ? CloseCircleFilled : ExclamationCircleFilled} />
      <span>{text}</span>
    </div>
  );

  return (
    <div className="luoshi-login">
      <main className="luoshi-login-box">
        <div className="luoshi-login-head">
          <h1>{t('app.name')}</h1>
          <button
            type="button"
            className="luoshi-link-button"
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
            data-testid="login-language"
          >
            <SvgIcon icon={GlobalOutlined} /> {t('user.language')}
          </button>
        </div>
        <p className="luoshi-secondary">{t('app.subtitle')}</p>
        {error ? alert('error', error, 'login-error') : null}
        {!error && expired ? alert('warning', t('error.sessionExpired')) : null}
        <form onSubmit={onSubmit} noValidate>
          {field('username', UserOutlined, 'text', 'username')}
          {field('password', LockOutlined, 'password', 'current-password')}
          <button type="submit" className="luoshi-primary-button" disabled={busy || !ready} aria-busy={busy}>
            {busy ? <span className="luoshi-spinner luoshi-spinner-small" /> : null}
            {t('login.submit')}
          </button>
        </form>
        <div className="luoshi-login-public">
          <Link to="/public" data-testid="login-public-link">
            <SvgIcon icon={ReadOutlined} /> {t('login.publicLink')}
          </Link>
        </div>
      </main>
    </div>
  );
}
