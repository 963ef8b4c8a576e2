// Which parts of a multipart/alternative are read, one rule for the index (message-text.ts) and the
// pager (shown-text.ts): mailparser's own choice depended on the order of the parts and showed a
// text/x-… part before a plain one that the index read alone.

/**
 * The parts that are plain text shown inline and not blank (some senders write a blank one beside
 * the HTML: no text to prefer), where there are any; else all of them. mutt shows one part only,
 * preferring text/enriched, then plain, then HTML; notmuch indexes and shows them all.
 */
export function chosenAlternatives<T>(parts: T[], isPlainWithText: (part: T) => boolean): T[] {
  const plain = parts.filter(isPlainWithText);
  return plain.length ? plain : parts;
}

export function hasText(text: string): boolean {
  return text.trim() !== '';
}
