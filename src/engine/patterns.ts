// mbsync `Patterns` semantics: IMAP wildcards on `/`-separated names, `!` excludes,
// evaluated in order with the last match winning. INBOX is matched case-insensitively.
// mbsync 1.4 matches the names as the server sends them (modified UTF-7, `&ANw-berweisungen`),
// so its users write patterns that way; a name is matched in that form and decoded.
import { encodeMailboxName } from '../text/mutf7.js';

function canonicalInbox(name: string): string {
  return name.replace(/^inbox(?=\/|$)/i, 'INBOX');
}

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '%') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/** Does one IMAP pattern (`*`, `%`, literal) match this canonical mailbox name? */
export function matchesPattern(pattern: string, name: string): boolean {
  return patternToRegExp(canonicalInbox(pattern)).test(canonicalInbox(name));
}

/** Is a mailbox selected by an ordered pattern list? An empty list means INBOX only (mbsync's default). */
export function isMailboxSelected(name: string, patterns: readonly string[]): boolean {
  const list = patterns.length > 0 ? patterns : ['INBOX'];
  const wire = encodeMailboxName(name);
  const forms = wire === name ? [name] : [name, wire];
  let selected = false;
  for (const raw of list) {
    const exclude = raw.startsWith('!');
    const pattern = exclude ? raw.slice(1) : raw;
    if (forms.some((form) => matchesPattern(pattern, form))) selected = !exclude;
  }
  return selected;
}
