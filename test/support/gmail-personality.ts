// Gmail's personality in front of the harness Dovecot's plain port, a relay (not a fake server):
// advertises X-GM-EXT-1 and hides QRESYNC (Gmail has CONDSTORE only); answers X-GM-MSGID from
// Dovecot's X-GUID (for Maildir the file's base name, so one file name placed in several folders
// is one message, as on Gmail) and X-GM-LABELS from the folders holding that name; marks the
// `[Gmail]/…` folders with their special-use flags; counts the message bytes it hands out and
// says `BYE [OVERQUOTA]` once a day's allowance is used up, as Gmail does. With `objectId` it
// plays an RFC 8474 server instead (Fastmail, Cyrus): OBJECTID and QRESYNC, EMAILID from X-GUID.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { GMAIL_FOLDERS } from './gmail-corpus.js';
import { listenOnLoopback, pairSockets } from './relay-pair.js';
import { ImapUnitReader, parseCommand, parseTagged, serializeUnit, unitText, type ImapUnit } from './imap-stream.js';
import { encodeListUnit, parseListUnit } from './list-response.js';

export interface GmailPersonalityOptions {
  targetPort: number;
  /** The account's Maildir root on the server (DovecotServer.mailDir()): where the labels are read. */
  mailDir: string;
  /** Message bytes per day before `BYE [OVERQUOTA]`; unlimited unless given. */
  dailyBytes?: number;
  /** Advertise OBJECTID (RFC 8474) and answer EMAILID instead of Gmail's X-GM-EXT-1; QRESYNC stays. */
  objectId?: boolean;
}

export interface GmailPersonality {
  port: number;
  /** Bytes of message bodies (`BODY[]` literals) sent to clients so far. */
  readonly bodyBytes: number;
  /** Message bodies sent so far (each partial fetch counts). */
  readonly bodies: number;
  /** The X-GM-MSGID the relay gives the message with this X-GUID. */
  msgIdOf(guid: string): string;
  /** From now on, X-GUID `guid` answers with `asGuid`'s X-GM-MSGID (an id collision); undefined undoes it. */
  shareMsgId(guid: string, asGuid: string | undefined): void;
  /** A new day: the daily allowance starts again; `dailyBytes` changes it. */
  newDay(dailyBytes?: number): void;
  /** Counters back to 0 (between the tools of a benchmark). */
  resetCounters(): void;
  close(): Promise<void>;
}

const SPECIAL_USE: Record<string, string> = {
  [GMAIL_FOLDERS.all]: '\\All',
  [GMAIL_FOLDERS.sent]: '\\Sent',
  [GMAIL_FOLDERS.trash]: '\\Trash',
  [GMAIL_FOLDERS.junk]: '\\Junk',
};
/** Gmail's system labels as X-GM-LABELS names them; All Mail, Trash and Spam are not labels. */
const SYSTEM_LABELS: Record<string, string | null> = {
  INBOX: '\\Inbox',
  [GMAIL_FOLDERS.sent]: '\\Sent',
  '[Gmail]/Starred': '\\Starred',
  [GMAIL_FOLDERS.all]: null,
  [GMAIL_FOLDERS.trash]: null,
  [GMAIL_FOLDERS.junk]: null,
};

const GMAIL_ITEM = /\b(?:X-GM-)?(MSGID|LABELS|THRID|EMAILID)\b/i;
const BODY_LITERAL = /BODY\[\](<\d+>)? \{\d+\+?\}\r\n$/i;
const X_GUID = /X-GUID ("(?:[^"\\]|\\.)*"|[^\s)]+)/i;
const OVERQUOTA = '* BYE [OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)\r\n';

/** A 63-bit number derived stably from the X-GUID, in decimal (it does not fit a JS number). */
export function gmailMsgId(guid: string): string {
  const high = createHash('sha1').update(guid).digest().readBigUInt64BE(0);
  return (high & 0x7fffffffffffffffn).toString();
}

/** What all the relay's connections share: the options, the bytes handed out, and the X-GM-MSGIDs. */
interface Personality {
  options: GmailPersonalityOptions;
  usage: { bodyBytes: number; bodies: number; usedToday: number; dailyBytes: number };
  msgIdOf: (guid: string) => string;
  sockets: Set<Socket>;
}

/** Per connection: the tags of commands that asked for X-GM-* items (and which), and the labels read for them. */
interface RelaySession {
  asked: Map<string, Set<string>>;
  labels?: Map<string, string[]>;
}

export async function startGmailPersonality(options: GmailPersonalityOptions): Promise<GmailPersonality> {
  const shared = new Map<string, string>();
  const personality: Personality = {
    options,
    usage: { bodyBytes: 0, bodies: 0, usedToday: 0, dailyBytes: options.dailyBytes ?? Infinity },
    msgIdOf: (guid) => gmailMsgId(shared.get(guid) ?? guid),
    sockets: new Set(),
  };
  const { usage } = personality;
  const server = createServer((client) => relay(personality, client));
  const port = await listenOnLoopback(server);
  return {
    port,
    get bodyBytes() {
      return usage.bodyBytes;
    },
    get bodies() {
      return usage.bodies;
    },
    msgIdOf: personality.msgIdOf,
    shareMsgId(guid, asGuid) {
      if (asGuid === undefined) shared.delete(guid);
      else shared.set(guid, asGuid);
    },
    newDay(limit) {
      usage.usedToday = 0;
      if (limit !== undefined) usage.dailyBytes = limit;
    },
    resetCounters() {
      usage.bodyBytes = 0;
      usage.bodies = 0;
    },
    async close() {
      for (const socket of personality.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function relay(personality: Personality, client: Socket): void {
  const upstream = connect({ host: '127.0.0.1', port: personality.options.targetPort });
  const pair = pairSockets(client, upstream, personality.sockets);
  const clientReader = new ImapUnitReader();
  const serverReader = new ImapUnitReader();
  const session: RelaySession = { asked: new Map() };
  client.on('data', (chunk: Buffer) => {
    if (pair.closed) return;
    for (const unit of clientReader.push(chunk, () => client.write('+ go ahead\r\n'))) {
      askForXGuid(unit, session);
      upstream.write(serializeUnit(unit));
    }
  });
  upstream.on('data', (chunk: Buffer) => {
    if (pair.closed) return;
    for (const unit of serverReader.push(chunk)) {
      if (!rewriteAnswer(personality, session, unit)) return pair.shut(OVERQUOTA);
      client.write(serializeUnit(unit));
    }
  });
}

/** A FETCH of X-GM-* items asks Dovecot for the X-GUID instead; the items are kept for its answers. */
function askForXGuid(unit: ImapUnit, session: RelaySession): void {
  const command = parseCommand(unit);
  const first = unit.segments[0]!;
  const text = first.data.toString('latin1');
  if (command?.name !== 'FETCH' || !GMAIL_ITEM.test(text)) return;
  const items = new Set([...text.matchAll(new RegExp(GMAIL_ITEM, 'gi'))].map((m) => m[1]!.toUpperCase()));
  session.asked.set(command.tag, items);
  if (items.has('LABELS')) session.labels = undefined;
  first.data = Buffer.from(asXGuid(text), 'latin1');
}

/** Dovecot's answer as Gmail writes it; false when the message it hands out is over the day's allowance. */
function rewriteAnswer({ options, usage, msgIdOf }: Personality, session: RelaySession, unit: ImapUnit): boolean {
  const text = unitText(unit);
  const tagged = parseTagged(unit);
  if (tagged) session.asked.delete(tagged.tag);
  if (/CAPABILITY/i.test(text)) rewriteCapabilities(unit, options.objectId === true);
  else if (/^\* LIST /i.test(text)) markSpecialUse(unit);
  else if (/^\* \d+ FETCH /i.test(text)) {
    const body = bodyLiteral(unit);
    if (body !== undefined) {
      if (usage.usedToday + body.length > usage.dailyBytes) return false;
      usage.usedToday += body.length;
      usage.bodyBytes += body.length;
      usage.bodies++;
    }
    if (session.asked.size > 0) {
      const items = new Set([...session.asked.values()].flatMap((set) => [...set]));
      if (items.has('LABELS')) session.labels ??= readLabels(options.mailDir);
      answerGmailItems(unit, items, msgIdOf, session.labels);
    }
  }
  return true;
}

/** The client's X-GM-* items become one X-GUID for Dovecot. */
function asXGuid(text: string): string {
  let first = true;
  return text.replace(/ ?\b(?:X-GM-(?:MSGID|LABELS|THRID)|EMAILID)\b/gi, (match) => {
    if (!first) return '';
    first = false;
    return match.startsWith(' ') ? ' X-GUID' : 'X-GUID';
  });
}

function rewriteCapabilities(unit: ImapUnit, objectId: boolean): void {
  const line = unit.segments[0]!;
  const original = line.data.toString('latin1');
  const text = objectId ? original : original.replace(/ QRESYNC(?=[ \]\r])/gi, '');
  const added = objectId ? 'OBJECTID' : 'X-GM-EXT-1';
  line.data = Buffer.from(text.includes(added) ? text : text.replace(/\bIMAP4rev1\b/i, `IMAP4rev1 ${added}`), 'latin1');
}

function markSpecialUse(unit: ImapUnit): void {
  const entry = parseListUnit(unit);
  const flag = entry && SPECIAL_USE[entry.name];
  if (!entry || !flag || entry.flags.includes(flag)) return;
  unit.segments = encodeListUnit({ ...entry, flags: `${entry.flags} ${flag}`.trim() }).segments;
}

function bodyLiteral(unit: ImapUnit): Buffer | undefined {
  const index = unit.segments.findIndex(
    (s, i) => s.kind === 'literal' && BODY_LITERAL.test(unit.segments[i - 1]!.data.toString('latin1')),
  );
  return index < 0 ? undefined : unit.segments[index]!.data;
}

/** `X-GUID g` in a FETCH response becomes the Gmail items the client asked for. */
function answerGmailItems(
  unit: ImapUnit,
  items: Set<string>,
  msgIdOf: (guid: string) => string,
  labels?: Map<string, string[]>,
): void {
  for (const segment of unit.segments) {
    if (segment.kind !== 'line') continue;
    const text = segment.data.toString('latin1');
    const found = X_GUID.exec(text);
    if (!found) continue;
    const guid = found[1]!.startsWith('"') ? found[1]!.slice(1, -1).replace(/\\(.)/g, '$1') : found[1]!;
    const answer: string[] = [];
    if (items.has('MSGID')) answer.push(`X-GM-MSGID ${msgIdOf(guid)}`);
    if (items.has('THRID')) answer.push(`X-GM-THRID ${msgIdOf(guid)}`);
    if (items.has('LABELS')) answer.push(`X-GM-LABELS (${labelList(labels?.get(guid) ?? [])})`);
    if (items.has('EMAILID')) answer.push(`EMAILID (M${BigInt(msgIdOf(guid)).toString(16)})`);
    segment.data = Buffer.from(text.replace(found[0], answer.join(' ')), 'latin1');
    return;
  }
}

function labelList(folders: string[]): string {
  return folders
    .map((folder) =>
      folder in SYSTEM_LABELS ? SYSTEM_LABELS[folder] : `"${iconv.encode(folder, 'utf7imap').toString('latin1')}"`,
    )
    .filter((label): label is string => label !== null)
    .join(' ');
}

/** X-GUID (file name up to `:2,`) → the UTF-8 names of the folders holding it, from the server's Maildir. */
export function readLabels(mailDir: string): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  const walk = (dir: string, parts: string[]) => {
    if (existsSync(join(dir, 'cur'))) {
      const folder = parts.join('/');
      for (const sub of ['cur', 'new']) {
        for (const name of readdirSync(join(dir, sub))) {
          const guid = name.replace(/:2,.*$/, '');
          labels.set(guid, [...(labels.get(guid) ?? []), folder]);
        }
      }
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || ['cur', 'new', 'tmp'].includes(entry.name) || entry.name.startsWith('dovecot'))
        continue;
      walk(join(dir, entry.name), [...parts, iconv.decode(Buffer.from(entry.name, 'latin1'), 'utf7imap')]);
    }
  };
  walk(mailDir, []);
  return labels;
}
