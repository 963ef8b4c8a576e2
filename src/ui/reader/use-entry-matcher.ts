// Limit and search patterns against the open folder's messages; bodies are read only for body
// patterns (~b) and kept, up to a bound, so the next search over the same folder is quick.
import { useRef } from 'react';
import {
  matchesPattern,
  messageBodyText,
  patternNeedsBody,
  type IndexEntry,
  type Pattern,
} from '../../reader/index.js';

const BODY_CACHE_LIMIT = 5000;

export type EntryMatcher = (pattern: Pattern, entry: IndexEntry) => Promise<boolean>;

export function useEntryMatcher(pathOf: (entry: IndexEntry) => string): EntryMatcher {
  const bodies = useRef(new Map<string, string>());

  async function bodyOf(e: IndexEntry): Promise<string> {
    const path = pathOf(e);
    let text = bodies.current.get(path);
    if (text === undefined) {
      text = await messageBodyText(path).catch(() => '');
      if (bodies.current.size >= BODY_CACHE_LIMIT) bodies.current.clear();
      bodies.current.set(path, text);
    }
    return text;
  }

  return async (p, e) => matchesPattern(p, e, patternNeedsBody(p) ? await bodyOf(e) : '');
}
