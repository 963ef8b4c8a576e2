// A server with UTF8=ACCEPT (RFC 6855, as Cyrus and Fastmail have it) in front of the harness
// Dovecot's plain port, which lacks it (2.3): a relay, not a fake server. Once logged in it
// advertises UTF8=ACCEPT and answers `ENABLE UTF8=ACCEPT` itself (`* ENABLED UTF8=ACCEPT`, or BAD
// with `refuseEnable`). Enabled, mailbox names cross it as UTF-8 on the client's side and as
// modified UTF-7 on Dovecot's (commands, LIST and STATUS answers; a `&` is then just a `&`), and
// APPEND's `UTF8 (~{n})` wrapper (§4) reaches Dovecot as a plain literal.
import { createServer, connect, type Socket } from 'node:net';
import iconv from 'iconv-lite';
import { listenOnLoopback, pairSockets } from './relay-pair.js';
import { ImapUnitReader, parseCommand, parseTagged, serializeUnit, unitText, type ImapUnit } from './imap-stream.js';

export interface Utf8AcceptRelayOptions {
  targetPort: number;
  /** Advertise UTF8=ACCEPT but answer `ENABLE UTF8=ACCEPT` with BAD: names stay modified UTF-7. */
  refuseEnable?: boolean;
}

export interface Utf8AcceptRelay {
  port: number;
  /** The client's command lines as it sent them (UTF-8, literals left out), across connections. */
  readonly commands: readonly string[];
  /** APPENDed messages that came in a `UTF8 (...)` wrapper. */
  readonly utf8Appends: number;
  close(): Promise<void>;
}

/** Commands whose string arguments are all mailbox names (or LIST's reference and pattern). */
const NAME_COMMANDS = new Set(['LIST', 'LSUB', 'STATUS', 'SELECT', 'EXAMINE', 'CREATE', 'DELETE', 'RENAME']);
const NAME_COMMANDS_TOO = new Set(['SUBSCRIBE', 'UNSUBSCRIBE', 'GETQUOTAROOT', 'COPY', 'MOVE']);
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const MARKER = /~?\{(\d+)\+?\}\r\n$/;
const UTF8_WRAPPER = /UTF8 \(~\{(\d+)\+?\}\r\n$/i;

const toMutf7 = (name: string) => iconv.encode(name, 'utf7imap').toString('latin1');
const fromMutf7 = (wire: string) => iconv.decode(Buffer.from(wire, 'latin1'), 'utf7imap');
const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
const unquote = (s: string) => s.replace(/\\(.)/g, '$1');
const line = (text: string) => ({ kind: 'line' as const, data: Buffer.from(text, 'utf8') });

export async function startUtf8AcceptRelay(options: Utf8AcceptRelayOptions): Promise<Utf8AcceptRelay> {
  const sockets = new Set<Socket>();
  const commands: string[] = [];
  let utf8Appends = 0;
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: options.targetPort });
    const pair = pairSockets(client, upstream, sockets);
    const clientReader = new ImapUnitReader();
    const serverReader = new ImapUnitReader();
    const logins = new Set<string>();
    const enabling = new Set<string>();
    let loggedIn = false;
    let clientUtf8 = false;
    let serverUtf8 = false;

    client.on('data', (chunk: Buffer) => {
      if (pair.closed) return;
      for (const unit of clientReader.push(chunk, () => client.write('+ go ahead\r\n'))) {
        const command = parseCommand(unit);
        if (commands.length < 10_000) commands.push(unit.segments[0]!.data.toString('utf8').trimEnd());
        if (command?.name === 'LOGIN' || command?.name === 'AUTHENTICATE') logins.add(command.tag);
        if (command?.name === 'ENABLE' && /\bUTF8=ACCEPT\b/i.test(command.text)) {
          enabling.add(command.tag);
          clientUtf8 ||= options.refuseEnable !== true;
          withoutUtf8Accept(unit, command.tag);
        } else if (clientUtf8 && command?.name === 'APPEND') {
          utf8Appends += appendToMutf7(unit);
        } else if (clientUtf8 && command && (NAME_COMMANDS.has(command.name) || NAME_COMMANDS_TOO.has(command.name))) {
          namesToMutf7(unit);
        }
        upstream.write(serializeUnit(nonSynchronizing(unit)));
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (pair.closed) return;
      for (const unit of serverReader.push(chunk)) {
        const tagged = parseTagged(unit);
        if (tagged && logins.has(tagged.tag) && tagged.status === 'OK') loggedIn = true;
        const text = unitText(unit);
        if (loggedIn && /CAPABILITY/i.test(text)) advertise(unit);
        if (tagged && enabling.has(tagged.tag)) {
          enabling.delete(tagged.tag);
          if (options.refuseEnable) unit.segments = [line(`${tagged.tag} BAD Unknown extension\r\n`)];
          else unit.segments.unshift(line('* ENABLED UTF8=ACCEPT\r\n'));
          serverUtf8 ||= options.refuseEnable !== true;
        } else if (serverUtf8 && /^\* (LIST|LSUB|STATUS) /i.test(text)) {
          nameToUtf8(unit);
        }
        client.write(serializeUnit(unit));
      }
    });
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    commands,
    get utf8Appends() {
      return utf8Appends;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function advertise(unit: ImapUnit): void {
  const first = unit.segments[0]!;
  const text = first.data.toString('latin1');
  if (/UTF8=ACCEPT/i.test(text)) return;
  first.data = Buffer.from(text.replace(/\bIMAP4rev1\b/i, 'IMAP4rev1 UTF8=ACCEPT'), 'latin1');
}

/** ENABLE without UTF8=ACCEPT (the relay's to answer), a NOOP when nothing is left for Dovecot. */
function withoutUtf8Accept(unit: ImapUnit, tag: string): void {
  const rest = unitText(unit)
    .replace(/^\S+ ENABLE/i, '')
    .replace(/\s*\bUTF8=ACCEPT\b/gi, '')
    .trim();
  unit.segments = [line(rest === '' ? `${tag} NOOP\r\n` : `${tag} ENABLE ${rest}\r\n`)];
}

/**
 * Every string, quoted or literal, as modified UTF-7 in a quoted string
 * (a literal is merged into the line around it).
 */
function namesToMutf7(unit: ImapUnit): void {
  const segments = unit.segments.map((segment) => {
    if (segment.kind !== 'line') return segment;
    const text = segment.data.toString('utf8').replace(QUOTED, (_, name: string) => quote(toMutf7(unquote(name))));
    return line(text);
  });
  const merged = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const literal = segments[i + 1];
    if (segment.kind === 'line' && literal?.kind === 'literal' && MARKER.test(segment.data.toString('latin1'))) {
      const head = segment.data.toString('utf8').replace(MARKER, '');
      const tail = segments[i + 2]?.data.toString('utf8') ?? '';
      segments[i + 2] = line(head + quote(toMutf7(literal.data.toString('utf8'))) + tail);
      i++;
    } else merged.push(segment);
  }
  unit.segments = merged;
}

/** APPEND's mailbox name as modified UTF-7, its `UTF8 (~{n})` messages as plain literals; how many there were. */
function appendToMutf7(unit: ImapUnit): number {
  let wrapped = 0;
  const first = unit.segments[0]!.data.toString('utf8');
  const quoted = /^(\S+ APPEND )"((?:[^"\\]|\\.)*)"/i.exec(first);
  if (quoted) unit.segments[0] = line(first.replace(quoted[0], quoted[1] + quote(toMutf7(unquote(quoted[2]!)))));
  else if (unit.segments[1]?.kind === 'literal' && /^\S+ APPEND ~?\{\d+\+?\}\r\n$/i.test(first)) {
    const name = { segments: unit.segments.slice(0, 3) };
    namesToMutf7(name);
    unit.segments.splice(0, 3, ...name.segments);
  }
  for (let i = 0; i + 1 < unit.segments.length; i++) {
    const before = unit.segments[i]!;
    const text = before.data.toString('latin1');
    if (before.kind !== 'line' || !UTF8_WRAPPER.test(text)) continue;
    const message = unit.segments[i + 1]!.data;
    before.data = Buffer.from(
      text.replace(UTF8_WRAPPER, `${message.includes(0) ? '~' : ''}{${message.length}}\r\n`),
      'latin1',
    );
    const after = unit.segments[i + 2]!;
    after.data = Buffer.from(after.data.toString('latin1').replace(/^\)/, ''), 'latin1');
    wrapped++;
  }
  return wrapped;
}

/** Every literal marker as `{n+}` (Dovecot has LITERAL+): the relay has sent the client its `+` already. */
function nonSynchronizing(unit: ImapUnit): ImapUnit {
  for (const segment of unit.segments) {
    if (segment.kind !== 'line') continue;
    const text = segment.data.toString('latin1');
    if (MARKER.test(text)) segment.data = Buffer.from(text.replace(/\{(\d+)\+?\}\r\n$/, '{$1+}\r\n'), 'latin1');
  }
  return unit;
}

/** `* LIST (flags) "/" name ...` or `* STATUS name (...)`: Dovecot's modified UTF-7 name as UTF-8, quoted. */
function nameToUtf8(unit: ImapUnit): void {
  const first = unit.segments[0]!.data.toString('latin1');
  const head = /^\* (?:LIST|LSUB) \([^)]*\) (?:NIL|"(?:[^"\\]|\\.)*") |^\* STATUS /i.exec(first)![0];
  const rest = first.slice(head.length);
  let wire: string;
  let tail: string;
  if (unit.segments[1]?.kind === 'literal' && MARKER.test(rest)) {
    wire = unit.segments[1].data.toString('latin1');
    tail = unitText({ segments: unit.segments.slice(2) });
  } else {
    const name = /^("(?:[^"\\]|\\.)*"|[^\s"]+)/.exec(rest)![0];
    wire = name.startsWith('"') ? unquote(name.slice(1, -1)) : name;
    tail = unitText({ segments: unit.segments }).slice(head.length + name.length);
  }
  unit.segments = [line(head + quote(fromMutf7(wire)) + tail)];
}
