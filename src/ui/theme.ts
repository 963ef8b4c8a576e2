// Colours in one place so NO_COLOR can turn all of them off (https://no-color.org).

import { createContext, useContext } from 'react';

export interface Theme {
  accent?: string;
  ok?: string;
  warn?: string;
  error?: string;
  muted?: string;
}

export const COLOR_THEME: Theme = { accent: 'cyan', ok: 'green', warn: 'yellow', error: 'red', muted: 'gray' };
export const PLAIN_THEME: Theme = {};

export function themeFor(noColor: boolean): Theme {
  return noColor ? PLAIN_THEME : COLOR_THEME;
}

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
