import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.js';
import { zh, type MessageKey } from './zh.js';

export type Language = 'zh' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'luoshi.language';
/** The same choice, for the server: the first paint of a plan it puts into the page is in this language. */
const COOKIE = 'luoshi_language';

function tellServer(language: Language): void {
  document.cookie = `${COOKIE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
const dictionaries: Record<Language, Record<MessageKey, string>> = { zh, en };

/** Chinese unless the user chose English before; the choice survives reloads. */
function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** The text of a key built at run time (an audit action, a kind), or null when the dictionary lacks it. */
  maybe: (key: string) => string | null;
  /** Picks the side of a `{zh, en}` pair (server messages, diagnostics) for the current language. */
  pick: (text: { zh: string; en: string }) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

/**
 * `first`: the language of the first render, when it must match HTML rendered ahead (the prerendered login page is
 * Chinese, see prerender.tsx); the user's own language follows right after.
 */
export function I18nProvider({ children, first }: { children: ReactNode; first?: Language }) {
  const [language, setLanguageState] = useState<Language>(first ?? initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode may refuse storage; the switch still applies to this visit.
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    tellServer(next);
  }, []);
  useEffect(() => {
    const own = initialLanguage();
    // A choice made before the server was told is told now.
    if (own === 'en') tellServer('en');
    if (first === undefined || own === first) return;
    setLanguageState(own);
    document.documentElement.lang = own === 'zh' ? 'zh-CN' : 'en';
  }, [first]);
  const value = useMemo<I18nValue>(() => {
    const dictionary = dictionaries[language];
    const t: Translate = (key, vars) => {
      let text = dictionary[key];
      if (vars) for (const [name, v] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(v));
      return text;
    };
    const maybe = (key: string) => (key in dictionary ? dictionary[key as MessageKey] : null);
    return { language, setLanguage, t, maybe, pick: (text) => text[language] };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
