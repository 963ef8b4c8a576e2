// Terminal cell widths: East Asian wide characters and most emoji take two cells, combining
// marks none. Close enough to what terminals do to line up columns of names and subjects.

// Emoji shown as emoji by default (🚀 ✨ ✅ ☕) are wide too, as in wcwidth and string-width; a
// regional indicator is half of a flag, one cell.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]|(?![\u{1f1e6}-\u{1f1ff}])\p{Emoji_Presentation}/u;
// Hangul vowel and final jamo join the initial before them; word joiners and BOMs take no cell.
const ZERO = /[\p{M}\u1160-\u11ff\u200b-\u200f\u2060-\u2064\ufeff]/u;

export function charWidth(char: string): number {
  // Below U+0300 (ASCII, Latin-1, Latin Extended) nothing is wide or of no width: no regex needed.
  if (char.charCodeAt(0) < 0x300) return 1;
  if (ZERO.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Pads with spaces up to `width` cells; longer text is left as it is. */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** At most `width` cells: cut with `…` when longer. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    used += charWidth(char);
    if (used > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** At most `width` cells: its start cut with `…` when longer (a path's last parts say the most). */
export function truncateStartToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const chars = [...text];
  let out = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    used += charWidth(chars[i]!);
    if (used > width - 1) break;
    out = chars[i]! + out;
  }
  return `…${out}`;
}

/** Exactly `width` cells: cut with `…` when longer, padded with spaces when shorter. */
export function fitToWidth(text: string, width: number): string {
  return padEndToWidth(truncateToWidth(text, width), width);
}
