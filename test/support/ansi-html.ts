// Turns a terminal screen captured with colours (`tmux capture-pane -e`: text plus SGR escapes)
// into a standalone HTML page, so a headless browser can render it to a PNG. Pure.
import { charWidth } from '../../src/text/display-width.js';

export interface TerminalPage {
  /** Captured rows, SGR escapes included. */
  screen: string;
  columns: number;
  rows: number;
  title: string;
}

interface Style {
  fg?: string;
  bg?: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  strike: boolean;
}

const PLAIN: Style = { bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false };

export const DEFAULT_FG = '#d8dee9';
export const DEFAULT_BG = '#1d2129';

// The 16 ANSI colours (a muted dark theme), then xterm's 6×6×6 cube and grey ramp.
const ANSI_16 = [
  '#3b4252',
  '#e06c75',
  '#98c379',
  '#e5c07b',
  '#61afef',
  '#c678dd',
  '#56b6c2',
  '#d8dee9',
  '#6b7385',
  '#ff7a85',
  '#b5e890',
  '#ffd68a',
  '#82c4ff',
  '#dc9cf0',
  '#7fd6e0',
  '#ffffff',
];

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function color256(index: number): string {
  if (index < 16) return ANSI_16[index]!;
  if (index < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const i = index - 16;
    return `#${hex(levels[Math.floor(i / 36)]!)}${hex(levels[Math.floor(i / 6) % 6]!)}${hex(levels[i % 6]!)}`;
  }
  const grey = 8 + (index - 232) * 10;
  return `#${hex(grey)}${hex(grey)}${hex(grey)}`;
}

/** Applies one SGR parameter list (the part between `ESC[` and `m`) to a style. */
export function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let next = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 38 || code === 48) {
      let value: string | undefined;
      if (codes[i + 1] === 5) {
        value = color256(codes[i + 2] ?? 0);
        i += 2;
      } else if (codes[i + 1] === 2) {
        value = `#${hex(codes[i + 2] ?? 0)}${hex(codes[i + 3] ?? 0)}${hex(codes[i + 4] ?? 0)}`;
        i += 4;
      }
      if (code === 38) next.fg = value;
      else next.bg = value;
    } else if (code === 0) next = { ...PLAIN };
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 29) next.strike = false;
    else if (code >= 30 && code <= 37) next.fg = ANSI_16[code - 30];
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = ANSI_16[code - 40];
    else if (code === 49) next.bg = undefined;
    else if (code >= 90 && code <= 97) next.fg = ANSI_16[code - 90 + 8];
    else if (code >= 100 && code <= 107) next.bg = ANSI_16[code - 100 + 8];
  }
  return next;
}

function css(style: Style): string {
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) [fg, bg] = [bg ?? DEFAULT_BG, fg ?? DEFAULT_FG];
  const rules: string[] = [];
  if (fg) rules.push(`color:${fg}`);
  if (bg) rules.push(`background:${bg}`);
  if (style.bold) rules.push('font-weight:bold');
  if (style.dim) rules.push('opacity:.6');
  if (style.italic) rules.push('font-style:italic');
  const lines = [style.underline && 'underline', style.strike && 'line-through'].filter(Boolean);
  if (lines.length) rules.push(`text-decoration:${lines.join(' ')}`);
  return rules.join(';');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text in which each wide character is boxed to two cells, so columns line up. */
function cellsHtml(text: string): string {
  let html = '';
  for (const char of text) {
    const escaped = escapeHtml(char);
    html += charWidth(char) === 2 ? `<span class="wide">${escaped}</span>` : escaped;
  }
  return html;
}

/** One captured row as HTML spans; the style carries over to the next row, as on a terminal. */
export function rowToHtml(row: string, start: Style = PLAIN): { html: string; style: Style } {
  let style = start;
  let html = '';
  // SGR sequences are kept; any other escape sequence is dropped.
  for (const part of row.split(/(\x1b\[[0-9;:]*[A-Za-z])/)) {
    const sgr = /^\x1b\[([0-9;:]*)m$/.exec(part);
    if (sgr) style = applySgr(style, sgr[1]!);
    else if (part.startsWith('\x1b[') || part === '') continue;
    else {
      const rules = css(style);
      const text = cellsHtml(part);
      html += rules ? `<span style="${rules}">${text}</span>` : text;
    }
  }
  return { html, style };
}

export function terminalPageHtml(page: TerminalPage): string {
  let style = PLAIN;
  const rows = page.screen.split('\n').slice(0, page.rows);
  while (rows.length < page.rows) rows.push('');
  const body = rows
    .map((row) => {
      const converted = rowToHtml(row, style);
      style = converted.style;
      return converted.html;
    })
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>
html, body { margin: 0; background: ${DEFAULT_BG}; }
pre {
  margin: 0; padding: 14px 16px; width: ${page.columns}ch; height: ${page.rows * 18}px;
  font: 14px/18px 'DejaVu Sans Mono', 'Liberation Mono', monospace;
  color: ${DEFAULT_FG}; background: ${DEFAULT_BG}; white-space: pre; overflow: hidden;
}
.wide { display: inline-block; width: 2ch; text-align: center; }
</style></head>
<body><pre>${body}</pre></body></html>
`;
}
