import { createContext, useContext } from 'react';
import type { Lang } from '../format.ts';

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({
  lang: 'zh-CN',
  setLang: () => undefined,
});

export const useLang = () => useContext(LangContext);
