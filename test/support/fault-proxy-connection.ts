// One client connection through the fault proxy: both directions read as whole IMAP units, each
// passed on, broken or rewritten as the rules say; after STARTTLS the bytes pass through untouched.
import { connect, type Socket } from 'node:net';
import { bodyLiteralIndex, breakFetch, echoPartial } from './fault-proxy-fetch.js';
import { once, type RuleBook } from './fault-proxy-rules.js';
import { forwardCommand, stripCapability, textUnit } from './fault-proxy-units.js';
import { ImapUnitReader, parseCommand, parseTagged, serializeUnit, unitText, type ImapUnit } from './imap-stream.js';
import { encodeListUnit, parseListUnit } from './list-response.js';
import { pairSockets, type RelayPair } from './relay-pair.js';

/** What every connection of one proxy shares. */
export interface ProxyState {
  rules: RuleBook;
  /** Hostile names the clients were shown, and the real names they stand for. */
  aliases: Map<string, string>;
  commands: { connection: number; text: string }[];
  sockets: Set<Socket>;
  /** Bytes from the server a stall rule held back. */
  withheld: number;
}

interface Connection {
  id: number;
  client: Socket;
  upstream: Socket;
  pair: RelayPair;
  clientReader: ImapUnitReader;
  serverReader: ImapUnitReader;
  pending: Map<string, string>;
  /** Tags of commands a refuse rule answered, and the answer each gets. */
  refusedTags: Map<string, string>;
  lastCommand: string | undefined;
  greeted: boolean;
  stalled: boolean;
  passthrough: boolean;
  startTlsTag: string | undefined;
}

export function proxyConnection(
  client: Socket,
  id: number,
  target: { host: string; port: number },
  proxy: ProxyState,
): void {
  const upstream = connect(target);
  const c: Connection = {
    id,
    client,
    upstream,
    pair: pairSockets(client, upstream, proxy.sockets),
    clientReader: new ImapUnitReader(),
    serverReader: new ImapUnitReader(),
    pending: new Map(),
    refusedTags: new Map(),
    lastCommand: undefined,
    greeted: false,
    stalled: false,
    passthrough: false,
    startTlsTag: undefined,
  };
  client.on('data', (chunk: Buffer) => fromClient(c, proxy, chunk));
  upstream.on('data', (chunk: Buffer) => fromServer(c, proxy, chunk));
}

/** The commands sent and not yet answered, else the last one sent. */
function inFlight(c: Connection): string[] {
  return c.pending.size > 0 ? [...c.pending.values()] : c.lastCommand ? [c.lastCommand] : [];
}

function fromClient(c: Connection, proxy: ProxyState, chunk: Buffer): void {
  const { id, client, upstream, pair } = c;
  const { rules } = proxy;
  if (pair.closed) return;
  if (c.passthrough) return void upstream.write(chunk);
  for (const unit of c.clientReader.push(chunk, () => client.write('+ go ahead\r\n'))) {
    const command = parseCommand(unit);
    if (command) {
      proxy.commands.push({ connection: id, text: command.text });
      c.pending.set(command.tag, command.text);
      c.lastCommand = command.text;
      if (command.name === 'STARTTLS') c.startTlsTag = command.tag;
      if (!c.stalled) {
        for (const rule of rules.active('stall', id, c.lastCommand, (_, r) => r.whenCommand !== undefined))
          if (once(rule, id)) c.stalled = true;
      }
      for (const rule of rules.active('cut-later', id, command.text)) {
        if (once(rule, id)) setTimeout(() => pair.shut(), rule.action.ms);
      }
      for (const rule of rules.active('inject', id, command.text)) {
        if (!once(rule, id)) continue;
        const line = Buffer.from(`* ${rule.action.text}\r\n`, 'latin1');
        if (/^BYE\b/i.test(rule.action.text)) return pair.shut(line);
        client.write(line);
        if (rule.action.everyMs !== undefined) repeatWrite(client, line, rule.action.everyMs);
      }
      const size = serializeUnit(unit).length;
      const refuse = rules.active('refuse', id, command.text).find((rule) => rule.action.refuses(command.text, size));
      if (refuse) {
        c.refusedTags.set(command.tag, refuse.action.text);
        upstream.write(standIn(command.tag, command.text));
        continue;
      }
    }
    upstream.write(serializeUnit(forwardCommand(unit, proxy.aliases)));
  }
}

function fromServer(c: Connection, proxy: ProxyState, chunk: Buffer): void {
  const { id } = c;
  const { rules } = proxy;
  if (c.stalled) proxy.withheld += chunk.length;
  if (c.pair.closed || c.stalled) return;
  if (c.passthrough) return void c.client.write(chunk);
  for (const original of c.serverReader.push(chunk)) {
    let unit = original;
    if (!c.greeted) {
      c.greeted = true;
      for (const rule of rules.active('stall', id, undefined, (_, r) => r.whenCommand === undefined))
        if (once(rule, id)) c.stalled = true;
      if (c.stalled) return;
      if (rules.active('preauth', id, undefined).length > 0)
        unit = textUnit(unitText(unit).replace(/^\* OK\b/i, '* PREAUTH'));
    }
    for (const rule of rules.active('strip', id, c.lastCommand)) unit = stripCapability(unit, rule.action.capability);
    const out = rewriteList(c, proxy, unit);
    if (/^\* \d+ FETCH /i.test(unitText(unit)) && bodyLiteralIndex(unit) > 0) {
      for (const rule of rules.active('fetch', id, inFlight(c)))
        if (once(rule, id)) breakFetch(unit, rule.action.fault);
      if (rules.active('echo-partial', id, inFlight(c)).length > 0) echoPartial(unit, inFlight(c));
    }
    const tagged = parseTagged(unit);
    if (tagged && c.pending.has(tagged.tag)) {
      const commandText = c.pending.get(tagged.tag)!;
      c.pending.delete(tagged.tag);
      for (const rule of rules.active('replace', id, commandText, (action) => action.command.test(commandText))) {
        if (once(rule, id)) out[0] = textUnit(`${tagged.tag} ${rule.action.text}\r\n`);
      }
      const refusal = c.refusedTags.get(tagged.tag);
      if (refusal !== undefined) out[0] = textUnit(`${tagged.tag} ${refusal}\r\n`);
      c.refusedTags.delete(tagged.tag);
    }
    for (const piece of out) {
      if (!write(c, proxy, serializeUnit(piece), piece)) return;
    }
    if (tagged && tagged.tag === c.startTlsTag && tagged.status === 'OK' && parseTagged(out[0]!)?.status === 'OK') {
      // From here on it is TLS between client and Dovecot: pass it through untouched.
      c.passthrough = true;
      const early = c.serverReader.drain();
      if (early.length > 0) c.client.write(early);
      const fromClient = c.clientReader.drain();
      if (fromClient.length > 0) c.upstream.write(fromClient);
      return;
    }
  }
}

/**
 * What goes on to Dovecot in place of a refused command, for its answer to keep its place among the
 * others: for a UID FETCH, one of a UID no message has (not 4294967295, which Dovecot reads as `*`), answered in turn and with no
 * data (an unknown command it answers at once, ahead of a FETCH still streaming).
 */
function standIn(tag: string, command: string): string {
  return /^\S+ UID FETCH /i.test(command) ? `${tag} UID FETCH 4294967294 (UID)\r\n` : `${tag} MAILKEEP-REFUSED\r\n`;
}

/** The unit as the client sees it: a LIST/LSUB entry as the list rules rewrite it (noting aliases). */
function rewriteList(c: Connection, proxy: ProxyState, unit: ImapUnit): ImapUnit[] {
  const listed = /^\* (LIST|LSUB) /i.test(unitText(unit)) ? parseListUnit(unit) : null;
  const listRules = listed ? proxy.rules.active('list', c.id, c.lastCommand) : [];
  if (!listed || listRules.length === 0) return [unit];
  let entries = [listed];
  for (const rule of listRules) entries = entries.flatMap((entry) => rule.action.fn(entry));
  return entries.map((entry) => {
    if (entry.name !== listed.name) proxy.aliases.set(entry.name, listed.name);
    return encodeListUnit(entry);
  });
}

/** Write to the client, cutting the connection where a cut rule says; false once cut. */
function write(c: Connection, proxy: ProxyState, bytes: Buffer, unit: ImapUnit): boolean {
  const index = bodyLiteralIndex(unit);
  for (const rule of proxy.rules.active('cut', c.id, inFlight(c), (action) => !action.inLiteral || index >= 0)) {
    const { bytes: limit, inLiteral } = rule.action;
    if (inLiteral) {
      const start = serializeUnit({ segments: unit.segments.slice(0, index) }).length;
      c.pair.shut(bytes.subarray(0, start + Math.min(limit, Math.max(0, unit.segments[index]!.data.length - 1))));
      return false;
    }
    const before = rule.counted.get(c.id) ?? 0;
    if (before + bytes.length > limit) {
      c.pair.shut(bytes.subarray(0, Math.max(0, limit - before)));
      return false;
    }
    rule.counted.set(c.id, before + bytes.length);
  }
  c.client.write(bytes);
  return true;
}

/** Writes `line` to `socket` every `everyMs` until it closes. */
function repeatWrite(socket: Socket, line: Buffer, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(line);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}
