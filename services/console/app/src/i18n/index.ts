import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import enUS from './en-US.json';
import type { Lang } from '../format.ts';

export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'fivesoc.lang';

/** The language the user chose last time on this browser; Chinese otherwise. */
export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts this page only
  }
  document.documentElement.lang = lang;
}

export function initI18n(): typeof i18n {
  const lng = storedLang();
  document.documentElement.lang = lng;
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18n;
}
