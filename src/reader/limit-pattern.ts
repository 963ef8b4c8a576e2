// Pure: mutt search/limit patterns. Supported: ~f, ~s, ~b, ~y EXPR (regex, case-insensitive unless
// it has a capital, like mutt's smart case; ~y: a label, i.e. a folder of the account holding the
// same message), ~d [MIN]-[MAX] (dd/mm/yyyy, dd/mm, dd), `!` negation, terms joined by whitespace
// (AND) or `|` (OR), and plain words (match from or subject).

export type Pattern =
  | { kind: 'from' | 'subject' | 'body' | 'label' | 'simple'; regex: RegExp }
  | { kind: 'date'; min?: number; max?: number }
  | { kind: 'not'; pattern: Pattern }
  | { kind: 'and' | 'or'; patterns: Pattern[] };

export interface PatternTarget {
  from: string;
  subject: string;
  date: number;
}

/** What only some patterns look at, read when patternNeeds says so: the body text, the labels. */
export interface PatternExtras {
  body?: string;
  labels?: readonly string[];
}

export class PatternError extends Error {}

const FIELD: Record<string, 'from' | 'subject' | 'body' | 'label'> = { f: 'from', s: 'subject', b: 'body', y: 'label' };
const DAY_MS = 86_400_000;

/** Throws PatternError with a one-line reason for the status bar. */
export function parseLimitPattern(input: string, now: Date = new Date()): Pattern {
  const tokens = tokenize(input);
  if (!tokens.length) throw new PatternError('empty pattern');
  const alternatives: Pattern[] = [];
  let terms: Pattern[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '|') {
      if (!terms.length) throw new PatternError("'|' needs a pattern on each side");
      alternatives.push(joinTerms(terms, 'and'));
      terms = [];
      continue;
    }
    const negated = token.startsWith('!');
    const body = negated ? token.slice(1) : token;
    let term: Pattern;
    const op = /^~([a-z])$/.exec(body);
    if (op) {
      if (op[1] !== 'd' && !FIELD[op[1]!]) {
        throw new PatternError(`unsupported pattern ~${op[1]} (try ~f, ~s, ~b, ~y, ~d)`);
      }
      const arg = tokens[++i];
      if (arg === undefined || arg === '|') throw new PatternError(`~${op[1]} needs an argument`);
      term = op[1] === 'd' ? parseDateRange(arg, now) : fieldPattern(op[1]!, arg);
    } else if (body.startsWith('~')) {
      throw new PatternError(`unsupported pattern ${body.slice(0, 20)} (try ~f, ~s, ~b, ~y, ~d)`);
    } else {
      term = { kind: 'simple', regex: toRegex(body) };
    }
    terms.push(negated ? { kind: 'not', pattern: term } : term);
  }
  if (!terms.length) throw new PatternError("'|' needs a pattern on each side");
  alternatives.push(joinTerms(terms, 'and'));
  return joinTerms(alternatives, 'or');
}

/** Whether the pattern looks at the body (~b) or at the labels (~y): those are costly to read. */
export function patternNeeds(p: Pattern, kind: 'body' | 'label'): boolean {
  if (p.kind === kind) return true;
  if (p.kind === 'not') return patternNeeds(p.pattern, kind);
  if (p.kind === 'and' || p.kind === 'or') return p.patterns.some((q) => patternNeeds(q, kind));
  return false;
}

/** `extras` are only consulted for ~b and ~y; leave out what the pattern does not need. */
export function matchesPattern(p: Pattern, m: PatternTarget, extras: PatternExtras = {}): boolean {
  switch (p.kind) {
    case 'from':
      return p.regex.test(m.from);
    case 'subject':
      return p.regex.test(m.subject);
    case 'simple':
      return p.regex.test(m.from) || p.regex.test(m.subject);
    case 'body':
      return p.regex.test(extras.body ?? '');
    case 'label':
      return (extras.labels ?? []).some((label) => p.regex.test(label));
    case 'date':
      return (p.min === undefined || m.date >= p.min) && (p.max === undefined || m.date <= p.max);
    case 'not':
      return !matchesPattern(p.pattern, m, extras);
    case 'and':
      return p.patterns.every((q) => matchesPattern(q, m, extras));
    case 'or':
      return p.patterns.some((q) => matchesPattern(q, m, extras));
  }
}

function joinTerms(terms: Pattern[], kind: 'and' | 'or'): Pattern {
  return terms.length === 1 ? terms[0]! : { kind, patterns: terms };
}

function fieldPattern(letter: string, arg: string): Pattern {
  return { kind: FIELD[letter]!, regex: toRegex(arg) };
}

function toRegex(text: string): RegExp {
  const flags = /[A-Z]/.test(text) ? 'u' : 'iu';
  try {
    return new RegExp(text, flags);
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  }
}

function parseDateRange(arg: string, now: Date): Pattern {
  const dash = arg.indexOf('-');
  if (dash < 0) {
    const day = parseDay(arg, now);
    return { kind: 'date', min: day, max: day + DAY_MS - 1 };
  }
  const min = arg.slice(0, dash);
  const max = arg.slice(dash + 1);
  return {
    kind: 'date',
    min: min ? parseDay(min, now) : undefined,
    max: max ? parseDay(max, now) + DAY_MS - 1 : undefined,
  };
}

/** dd[/mm[/yy[yy]]], missing parts from `now`; local midnight. */
function parseDay(text: string, now: Date): number {
  const m = /^(\d{1,2})(?:\/(\d{1,2})(?:\/(\d{2}|\d{4}))?)?$/.exec(text);
  if (!m) throw new PatternError(`bad date ${text.slice(0, 20)} (use dd/mm/yyyy)`);
  const day = Number(m[1]);
  const month = m[2] ? Number(m[2]) - 1 : now.getMonth();
  let year = m[3] ? Number(m[3]) : now.getFullYear();
  if (m[3]?.length === 2) year += year < 70 ? 2000 : 1900;
  const date = new Date(year, month, day);
  if (date.getDate() !== day || date.getMonth() !== month) throw new PatternError(`bad date ${text}`);
  return date.getTime();
}

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\||!?"(?:[^"\\]|\\.)*"|!?'[^']*'|[^\s|]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) && m[1]) {
    const t = m[1];
    const neg = t.startsWith('!') ? '!' : '';
    const core = t.slice(neg.length);
    const quoted = core.length >= 2 && (core[0] === '"' || core[0] === "'") && core.endsWith(core[0]);
    if (!quoted) tokens.push(t);
    else if (core[0] === '"') tokens.push(neg + core.slice(1, -1).replace(/\\(.)/g, '$1'));
    else tokens.push(neg + core.slice(1, -1));
  }
  return tokens;
}
