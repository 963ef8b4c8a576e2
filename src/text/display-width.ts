// Terminal cell widths: East Asian wide characters and most emoji take two cells, combining
// marks none. Terminals disagree on emoji sequences (tmux draws a ZWJ family in 2 cells, xterm in
// 8; ❤️ takes 2 in kitty, 1 in tmux 3.3), so a cluster counts the widest of a per-character count
// and Ink's own (string-width): a row cut to fit by it fits both, and Ink never cuts it again.
import stringWidth from 'string-width';

// Emoji shown as emoji by default (🚀 ✨ ✅ ☕) are wide too, as in wcwidth and string-width; a
// regional indicator is half of a flag, one cell.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]|(?![\u{1f1e6}-\u{1f1ff}])\p{Emoji_Presentation}/u;
// Hangul vowel and final jamo join the initial before them; word joiners, BOMs and tags take no cell.
const ZERO = /[\p{M}\u1160-\u11ff\u200b-\u200f\u2060-\u2064\ufeff\u{e0000}-\u{e007f}]/u;
// What draws on the character before it: marks and selectors, Hangul jamo after the initial, skin
// tones, tags (a subdivision flag).
const EXTENDS = /[\p{M}\u1160-\u11ff\u200c]|\u200d|[\u{1f3fb}-\u{1f3ff}]|[\u{e0020}-\u{e007f}]/u;
const REGIONAL_INDICATOR = /[\u{1f1e6}-\u{1f1ff}]/u;
const EMOJI = /\p{Emoji}/u;
const ZWJ = '\u200d';

const widths = new Map<string, number>();

export function charWidth(char: string): number {
  // Below U+0300 (ASCII, Latin-1, Latin Extended) nothing is wide or of no width: no regex needed.
  if (char.charCodeAt(0) < 0x300) return 1;
  let cells = widths.get(char);
  if (cells === undefined) {
    // Alone, a mark or a vowel jamo has a width of its own to string-width; here it draws on the
    // character before it. A lone surrogate shows as one �, which string-width counts as none.
    cells = ZERO.test(char) ? 0 : Math.max(WIDE.test(char) ? 2 : 1, stringWidth(char));
    if (widths.size > 50_000) widths.clear();
    widths.set(char, cells);
  }
  return cells;
}

function codePointAt(text: string, at: number): string {
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code < 0xdc00 && at + 1 < text.length ? text.slice(at, at + 2) : text[at]!;
}

/**
 * Calls `visit` with the end and the cells of each cluster of `text` in turn (until it returns
 * false): a character with what draws on it, the next one after a ZWJ, or a flag's two halves.
 */
export function eachCluster(text: string, visit: (end: number, cells: number) => boolean | void): void {
  let at = 0;
  while (at < text.length) {
    const base = codePointAt(text, at);
    at += base.length;
    let cells = charWidth(base);
    let pairs = REGIONAL_INDICATOR.test(base);
    let joins = false;
    // Nothing below U+0300 extends a cluster: most text takes no regex here.
    while (at < text.length && text.charCodeAt(at) >= 0x300) {
      const next = codePointAt(text, at);
      if (!joins && !(pairs && REGIONAL_INDICATOR.test(next)) && !EXTENDS.test(next)) break;
      cells += charWidth(next);
      // VS16 or a keycap draws an emoji of a one-cell character (❤️ 1️⃣), two cells as in string-width.
      if ((next === '\ufe0f' || next === '\u20e3') && cells === 1 && EMOJI.test(base)) cells = 2;
      joins = next === ZWJ;
      pairs = false;
      at += next.length;
    }
    if (visit(at, cells) === false) return;
  }
}

export function displayWidth(text: string): number {
  let width = 0;
  eachCluster(text, (_, cells) => {
    width += cells;
  });
  return width;
}

/** Pads with spaces up to `width` cells; longer text is left as it is. */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** At most `width` cells: cut with `…` when longer. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let cut = 0;
  let used = 0;
  eachCluster(text, (end, cells) => {
    used += cells;
    if (used > width - 1) return false;
    cut = end;
  });
  return `${text.slice(0, cut)}…`;
}

/** At most `width` cells: its start cut with `…` when longer (a path's last parts say the most). */
export function truncateStartToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const clusters: { end: number; cells: number }[] = [];
  eachCluster(text, (end, cells) => {
    clusters.push({ end, cells });
  });
  let cut = text.length;
  let used = 0;
  for (let i = clusters.length - 1; i >= 0; i--) {
    used += clusters[i]!.cells;
    if (used > width - 1) break;
    cut = i > 0 ? clusters[i - 1]!.end : 0;
  }
  return `…${text.slice(cut)}`;
}

/** Exactly `width` cells: cut with `…` when longer, padded with spaces when shorter. */
export function fitToWidth(text: string, width: number): string {
  return padEndToWidth(truncateToWidth(text, width), width);
}
