// Limit and search patterns against the open folder's messages; bodies are read only for body
// patterns (~b) and kept, up to a bound, so the next search over the same folder is quick; labels
// (~y) come from one index of the account's links, built once per pattern.
import { useCallback, useRef } from 'react';
import {
  labelIndex,
  matchesPattern,
  messageBodyText,
  patternNeeds,
  type IndexEntry,
  type LabelFolder,
  type Pattern,
} from '../../reader/index.js';

const BODY_CACHE_LIMIT = 5000;

export type EntryMatcher = (pattern: Pattern, entry: IndexEntry) => Promise<boolean>;

/** The open folder's name and every folder of its account: where a message's labels are. */
export interface LabelScope {
  own: string;
  folders: LabelFolder[];
}

async function cachedBody(bodies: Map<string, string>, path: string): Promise<string> {
  let text = bodies.get(path);
  if (text === undefined) {
    text = await messageBodyText(path).catch(() => '');
    if (bodies.size >= BODY_CACHE_LIMIT) bodies.clear();
    bodies.set(path, text);
  }
  return text;
}

/** The matcher changes only with `pathOf` and `labelScope`, so effects can depend on it. */
export function useEntryMatcher(pathOf: (entry: IndexEntry) => string, labelScope: () => LabelScope): EntryMatcher {
  const bodies = useRef(new Map<string, string>());
  const labels = useRef(new WeakMap<Pattern, (file: string) => string[]>());

  return useCallback(
    async (p, e) => {
      const labelsOf = (): string[] => {
        let of = labels.current.get(p);
        if (of === undefined) {
          const { own, folders } = labelScope();
          const index = labelIndex(folders);
          of = (file) => index(file, own);
          labels.current.set(p, of);
        }
        return of(pathOf(e));
      };
      return matchesPattern(p, e, {
        ...(patternNeeds(p, 'body') ? { body: await cachedBody(bodies.current, pathOf(e)) } : {}),
        ...(patternNeeds(p, 'label') ? { labels: labelsOf() } : {}),
      });
    },
    [pathOf, labelScope],
  );
}
