// Pure JWZ-style threading (https://www.jwz.org/doc/threading.html), simplified: link by
// References/In-Reply-To, drop empty containers, then gather replies by subject.
import type { IndexRow } from './types.js';

export interface ThreadInput {
  messageId?: string;
  references: string[];
  subject: string;
  date: number;
}

interface Container {
  id: string;
  message?: number;
  parent?: Container;
  children: Container[];
}

/**
 * The nearest References a message is threaded by. Linking each one checks its ancestors for a
 * loop, so a list of n costs n² / 2 steps: a hostile 1 MB header of 60,000 froze the reader 20 s.
 */
const MAX_REFERENCES = 1000;

const REPLY_PREFIX = /^\s*((re|fwd?|aw|sv|antw)(\[\d+\])?\s*:\s*|\[[^\]]*\]\s*)+/i;

export function baseSubject(subject: string): string {
  return subject.replace(REPLY_PREFIX, '').trim().toLowerCase();
}

function isReply(subject: string): boolean {
  return baseSubject(subject) !== subject.trim().toLowerCase();
}

/** Rows in thread order: each thread's messages depth-first, siblings and threads by date. */
export function threadMessages(messages: ThreadInput[]): IndexRow[] {
  const byId = new Map<string, Container>();
  const get = (id: string) => {
    let c = byId.get(id);
    if (!c) byId.set(id, (c = { id, children: [] }));
    return c;
  };
  const link = (parent: Container, child: Container) => {
    if (child.parent || parent === child || isAncestor(child, parent)) return;
    child.parent = parent;
    parent.children.push(child);
  };

  messages.forEach((m, i) => {
    const idTaken = m.messageId !== undefined && byId.get(m.messageId)?.message !== undefined;
    const own = get(m.messageId && !idTaken ? m.messageId : `\u0000${i}`);
    own.message = i;
    let prev: Container | undefined;
    for (const ref of m.references.slice(-MAX_REFERENCES)) {
      const c = get(ref);
      if (prev) link(prev, c);
      prev = c;
    }
    if (prev && own.parent !== prev) {
      if (own.parent) own.parent.children = own.parent.children.filter((c) => c !== own);
      own.parent = undefined;
      link(prev, own);
    }
  });

  const roots = promoteEmpty([...byId.values()].filter((c) => !c.parent));
  // Memoized: the sorts below ask for a container's date once per comparison.
  const dates = new Map<Container, number>();
  const dateOf = (c: Container): number => {
    let date = dates.get(c);
    if (date === undefined) {
      date = c.message !== undefined ? messages[c.message]!.date : Math.min(...c.children.map(dateOf));
      dates.set(c, date);
    }
    return date;
  };
  const subjectOf = (c: Container): string =>
    c.message !== undefined ? messages[c.message]!.subject : c.children[0] ? subjectOf(c.children[0]) : '';

  // Subject fallback: a reply whose parent is unknown joins the earliest thread with its subject.
  roots.sort((a, b) => dateOf(a) - dateOf(b));
  const firstBySubject = new Map<string, Container>();
  const threads: Container[] = [];
  for (const root of roots) {
    const subject = subjectOf(root);
    const key = baseSubject(subject);
    const head = key ? firstBySubject.get(key) : undefined;
    if (head && isReply(subject)) {
      root.parent = head;
      head.children.push(root);
      continue;
    }
    if (key && !head) firstBySubject.set(key, root);
    threads.push(root);
  }

  const rows: IndexRow[] = [];
  // A stack, not recursion: a chain of replies (or one message's References) may be thousands deep.
  const stack = threads.map((c) => ({ c, depth: 0 })).reverse();
  for (let top = stack.pop(); top; top = stack.pop()) {
    rows.push({ entry: top.c.message!, depth: top.depth });
    const children = [...top.c.children].sort((a, b) => dateOf(a) - dateOf(b));
    for (let i = children.length - 1; i >= 0; i--) stack.push({ c: children[i]!, depth: top.depth + 1 });
  }
  return rows;
}

/**
 * Whether `candidate` is an ancestor of `of`: up from `of` and down through `candidate`'s
 * descendants by turns, one container a step, so a link costs the lesser of the two. Walking up
 * alone cost each reply the depth of its chain: 50,000 replies to one another took 9.5 s to
 * thread, 200,000 six minutes.
 */
function isAncestor(candidate: Container, of: Container): boolean {
  let up = of.parent;
  const down = [candidate.children.values()];
  while (up && down.length) {
    if (up === candidate) return true;
    up = up.parent;
    const next = nextDescendant(down);
    if (next === of) return true;
  }
  return false;
}

/** The next container of a depth-first walk kept as a stack of children iterators. */
function nextDescendant(stack: ArrayIterator<Container>[]): Container | undefined {
  while (stack.length) {
    const step = stack[stack.length - 1]!.next();
    if (step.done) {
      stack.pop();
      continue;
    }
    stack.push(step.value.children.values());
    return step.value;
  }
  return undefined;
}

/** Replace every container without a message by its children, at every depth. */
function promoteEmpty(roots: Container[]): Container[] {
  // Children before their parents, so a container's children are promoted when it is reached.
  for (const c of deepestFirst(roots)) c.children = promoteChildren(c.children, c);
  return promoteChildren(roots, undefined);
}

function promoteChildren(list: Container[], parent: Container | undefined): Container[] {
  const out: Container[] = [];
  for (const c of list) {
    if (c.message !== undefined) out.push(c);
    else
      for (const child of c.children) {
        child.parent = parent;
        out.push(child);
      }
  }
  return out;
}

/** Every container below the roots, each after all of its descendants. */
function deepestFirst(roots: Container[]): Container[] {
  const preorder: Container[] = [];
  const stack = [...roots];
  for (let c = stack.pop(); c; c = stack.pop()) {
    preorder.push(c);
    for (const child of c.children) stack.push(child);
  }
  return preorder.reverse();
}
