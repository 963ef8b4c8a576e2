// The fault proxy's rules: what each one does, and which connections it applies to. A rule claims
// the first `connections` connections it matches in, and a one-shot action fires once on each.
import type { FetchFault } from './fault-proxy-fetch.js';
import type { ListEntry } from './list-response.js';

export interface RuleOptions {
  /** How many connections the rule applies to, counted from the first it matches in (default 1). */
  connections?: number;
  /** Only while the client's latest command matches (e.g. /BODY\.PEEK\[\]/). */
  whenCommand?: RegExp;
}

export type RuleAction =
  | { type: 'cut'; bytes: number; inLiteral: boolean }
  | { type: 'cut-later'; ms: number }
  | { type: 'stall' }
  | { type: 'inject'; text: string; everyMs: number | undefined }
  | { type: 'replace'; command: RegExp; text: string }
  | { type: 'list'; fn: (entry: ListEntry) => ListEntry[] }
  | { type: 'strip'; capability: string }
  | { type: 'preauth' }
  | { type: 'fetch'; fault: FetchFault }
  /** Answered `<tag> <text>` instead of run when `refuses` says so of the command (its text and size). */
  | { type: 'refuse'; refuses: (command: string, bytes: number) => boolean; text: string }
  | { type: 'echo-partial' };

export interface Rule {
  action: RuleAction;
  connections: number;
  whenCommand?: RegExp;
  claimed: Set<number>;
  /** Connections where a one-shot action already fired. */
  fired: Set<number>;
  /** Bytes passed per connection since a cut rule matched. */
  counted: Map<number, number>;
}

type ActionOf<T extends RuleAction['type']> = Extract<RuleAction, { type: T }>;

export interface RuleBook {
  add: (action: RuleAction, options?: RuleOptions) => void;
  /**
   * The rules of this type that apply on connection `id` now (claiming a connection on first match).
   * `command`: the command a rule's `whenCommand` is matched against, or several (those in flight:
   * a client pipelines, so the answer streaming in may be an earlier command's than the last).
   */
  active<T extends RuleAction['type']>(
    type: T,
    id: number,
    command: string | readonly string[] | undefined,
    matches?: (action: ActionOf<T>, rule: Rule) => boolean,
  ): (Rule & { action: ActionOf<T> })[];
  clear: () => void;
}

export function createRuleBook(): RuleBook {
  let rules: Rule[] = [];
  return {
    add(action, opts = {}) {
      rules.push({
        action,
        connections: opts.connections ?? 1,
        claimed: new Set(),
        fired: new Set(),
        counted: new Map(),
        ...(opts.whenCommand ? { whenCommand: opts.whenCommand } : {}),
      });
    },
    active: <T extends RuleAction['type']>(
      type: T,
      id: number,
      command: string | readonly string[] | undefined,
      matches: (action: ActionOf<T>, rule: Rule) => boolean = () => true,
    ) =>
      rules.filter((rule): rule is Rule & { action: ActionOf<T> } => {
        if (rule.action.type !== type || !matches(rule.action as ActionOf<T>, rule)) return false;
        const named = command === undefined ? [] : typeof command === 'string' ? [command] : command;
        if (rule.whenCommand && !named.some((c) => rule.whenCommand!.test(c)) && !rule.claimed.has(id)) return false;
        if (rule.claimed.has(id)) return true;
        if (rule.claimed.size >= rule.connections) return false;
        rule.claimed.add(id);
        return true;
      }),
    clear() {
      rules = [];
    },
  };
}

/** True the first time a one-shot rule fires on connection `id`. */
export function once(rule: Rule, id: number): boolean {
  if (rule.fired.has(id)) return false;
  rule.fired.add(id);
  return true;
}
