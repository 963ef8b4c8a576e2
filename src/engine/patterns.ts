// mbsync `Patterns` semantics: IMAP wildcards on `/`-separated names, `!` excludes,
// evaluated in order with the last match winning. INBOX is matched case-insensitively.

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
  let selected = false;
  for (const raw of list) {
    const exclude = raw.startsWith('!');
    if (matchesPattern(exclude ? raw.slice(1) : raw, name)) selected = !exclude;
  }
  return selected;
}
