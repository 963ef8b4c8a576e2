// Pure: the search language (notmuch's, in small) → a query tree. Words and "phrases" match the
// text; `field:value` narrows (from: to: subject: body: attachment: folder: label: account:
// date: has: is: id: mid:); `and` `or` `not` (or `-` before a term) and parentheses combine,
// `and` implied between terms. A `field:` the language does not know is a literal word; `*` alone is every
// message (as in notmuch). Errors: a structural mistake (a parenthesis, a quote or an operator out
// of place), a bad field value, an empty phrase, a query too deep or too long.
import { parseDateRange } from './query-date.js';
import { QueryError } from './query-error.js';

export type TextField = 'from' | 'to' | 'subject' | 'body' | 'attachment';

export type Query =
  | { kind: 'and'; items: Query[] }
  | { kind: 'or'; items: Query[] }
  | { kind: 'not'; item: Query }
  | { kind: 'text'; field?: TextField; value: string; prefix: boolean }
  | { kind: 'folder' | 'label' | 'account'; name: string; prefix: boolean }
  | { kind: 'date'; from?: number; until?: number }
  /** A Message-ID as the index keeps it: in angle brackets. */
  | { kind: 'id'; messageId: string }
  | { kind: 'attachment' }
  | { kind: 'flag'; flag: string; set: boolean }
  | { kind: 'all' };

export { QueryError };

/**
 * Parentheses and `not`s inside each other: deeper is no query a person means, and FTS5's parser
 * takes text terms nested at most 32 deep (an `and` inside an `or` adds a level without
 * parentheses). Terms: a script's long `or` list fits; SQLite allows 32,766 parameters.
 */
export const MAX_QUERY_DEPTH = 24;
export const MAX_QUERY_TERMS = 2000;

const TEXT_FIELDS = new Set<string>(['from', 'to', 'subject', 'body', 'attachment']);
const KNOWN_FIELDS = new Set<string>([...TEXT_FIELDS, 'folder', 'label', 'account', 'date', 'has', 'is', 'id', 'mid']);
const FLAGS: Record<string, [string, boolean]> = {
  unread: ['S', false],
  read: ['S', true],
  seen: ['S', true],
  flagged: ['F', true],
  starred: ['F', true],
  replied: ['R', true],
  answered: ['R', true],
  draft: ['D', true],
  trashed: ['T', true],
  passed: ['P', true],
};

type Token =
  | { kind: '(' | ')' }
  | { kind: 'op'; op: 'and' | 'or' | 'not' }
  | { kind: 'term'; field?: string; value: string; quoted: boolean };

const TOKEN =
  /\s*(?:(?<minus>-)(?=[^\s)-])|(?<paren>[()])|(?<field>[^\s()":]+):(?:(?<fieldQuote>"[^"]*"?)|(?<fieldValue>[^\s()]*))|(?<quote>"[^"]*"?)|(?<word>[^\s()]+))/gy;

export function tokenizeQuery(input: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(input); m !== null && m[0] !== ''; m = TOKEN.exec(input)) {
    const { minus, paren, field, fieldQuote, fieldValue, quote, word } = m.groups!;
    const quoted = fieldQuote ?? quote;
    if (minus) tokens.push({ kind: 'op', op: 'not' });
    else if (paren) tokens.push({ kind: paren as '(' | ')' });
    else if (quoted !== undefined) tokens.push({ kind: 'term', field, value: phraseOf(quoted, m[0]), quoted: true });
    else if (field !== undefined) tokens.push({ kind: 'term', field, value: fieldValue!, quoted: false });
    else {
      const op = word!.toLowerCase();
      if (op === 'and' || op === 'or' || op === 'not') tokens.push({ kind: 'op', op });
      else tokens.push({ kind: 'term', value: word!, quoted: false });
    }
  }
  return tokens;
}

/** The words between a pair of quotes; a quote left open would take in the rest of the query. */
function phraseOf(quoted: string, token: string): string {
  if (quoted.length < 2 || !quoted.endsWith('"')) {
    const shown = token.trim();
    throw new QueryError(`a quote without its closing quote: ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`);
  }
  return quoted.slice(1, -1);
}

/** `now` (ms since epoch) is what relative dates (`date:yesterday`, `date:2w..`) count back from. */
export function parseQuery(input: string, now: number = Date.now()): Query {
  const tokens = tokenizeQuery(input);
  if (!tokens.length) throw new QueryError('empty query: give words, "a phrase" or field:value');
  const terms = tokens.filter((token) => token.kind === 'term').length;
  if (terms > MAX_QUERY_TERMS) throw new QueryError(`the query has ${terms} terms: at most ${MAX_QUERY_TERMS}`);
  let at = 0;
  let depth = 0;
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_QUERY_DEPTH) {
      throw new QueryError(`the query nests parentheses and nots more than ${MAX_QUERY_DEPTH} deep`);
    }
    const result = parse();
    depth -= 1;
    return result;
  };
  const peek = () => tokens[at];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const parseOr = (): Query => {
    const items = [parseAnd()];
    while (isOp('or')) {
      at += 1;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (): Query => {
    const items = [parseUnary()];
    for (;;) {
      if (isOp('and')) at += 1;
      else if (!peek() || peek()!.kind === ')' || isOp('or')) break;
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseUnary = (): Query => {
    const token = tokens[at++];
    if (!token) throw new QueryError('the query ends where a term was expected');
    if (token.kind === 'op') {
      if (token.op === 'not') return { kind: 'not', item: nested(parseUnary) };
      throw new QueryError(`'${token.op}' needs a term before it`);
    }
    if (token.kind === ')') throw new QueryError("a ')' without its '('");
    if (token.kind === 'term') return termQuery(token, tokens[at], now);
    if (tokens[at]?.kind === ')') throw new QueryError("empty parentheses '()': put a term between them");
    if (!tokens[at]) throw new QueryError("a '(' without its ')'");
    const inner = nested(parseOr);
    if (tokens[at]?.kind !== ')') throw new QueryError("a '(' without its ')'");
    at += 1;
    return inner;
  };
  const query = parseOr();
  if (at < tokens.length) throw new QueryError("a ')' without its '('");
  return query;
}

function termQuery(
  token: { field?: string; value: string; quoted: boolean },
  next: Token | undefined,
  now: number,
): Query {
  const field = token.field?.toLowerCase();
  const prefix = !token.quoted && token.value.length > 1 && token.value.endsWith('*');
  const value = prefix ? token.value.slice(0, -1) : token.value;
  if (field === undefined && !token.quoted && value === '*') return { kind: 'all' };
  if (field === undefined && value === '') throw new QueryError('an empty phrase (""): put words between the quotes');
  if (field === undefined) return { kind: 'text', value, prefix };
  if (value === '' && KNOWN_FIELDS.has(field)) {
    const grouped = !token.quoted && next?.kind === '(';
    throw new QueryError(grouped ? `${field}:( … ): give ${field}: a word or a "phrase"` : `${field}: needs a value`);
  }
  if (TEXT_FIELDS.has(field)) return { kind: 'text', field: field as TextField, value, prefix };
  if (field === 'folder' || field === 'label' || field === 'account') return { kind: field, name: value, prefix };
  if (field === 'date') return { kind: 'date', ...parseDateRange(token.value, now) };
  if (field === 'id' || field === 'mid') return messageIdQuery(field, token.value);
  if (field === 'has' && /^attachments?$/i.test(token.value)) return { kind: 'attachment' };
  if (field === 'is') {
    const flag = FLAGS[token.value.toLowerCase()];
    if (flag) return { kind: 'flag', flag: flag[0], set: flag[1] };
    throw new QueryError(`is:${token.value}: expected one of ${Object.keys(FLAGS).join(', ')}`);
  }
  if (field === 'has') throw new QueryError(`has:${token.value}: only has:attachment is known`);
  // Not a field of the language (a URL, "re:", a time): the whole of it is a literal word.
  return { kind: 'text', value: `${token.field}:${token.value}`, prefix: false };
}

/** As notmuch writes it (`id:abc@example.com`) or as mutt shows it (`id:<abc@example.com>`). */
function messageIdQuery(field: string, value: string): Query {
  const bare = value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
  if (bare === '') throw new QueryError(`${field}:${value}: no Message-ID between the brackets`);
  return { kind: 'id', messageId: `<${bare}>` };
}
