// A fault-injecting IMAP proxy on 127.0.0.1 in front of the harness Dovecot's plain port. It reads
// both directions as whole IMAP units and, on command, breaks or rewrites them the way a failing or
// hostile server would. Each rule applies to the next K connections where it matches (default 1),
// so "fails twice, then works" is `rule(..., { connections: 2 })`.
import { createServer, connect, type Socket } from 'node:net';
import {
  ImapUnitReader,
  parseCommand,
  parseTagged,
  replaceLiteral,
  serializeUnit,
  unitText,
  encodeAstring,
  type ImapUnit,
} from './imap-stream.js';
import { encodeListUnit, parseListUnit, type ListEntry } from './list-response.js';
import { listenOnLoopback, pairSockets } from './relay-pair.js';

export interface RuleOptions {
  /** How many connections the rule applies to, counted from the first it matches in (default 1). */
  connections?: number;
  /** Only while the client's latest command matches (e.g. /BODY\.PEEK\[\]/). */
  whenCommand?: RegExp;
}

export type FetchFault =
  | { kind: 'nil-body' }
  /** The literal carries more bytes than its `{N}` announces. */
  | { kind: 'bigger-literal'; extra?: number }
  /** The FETCH response has no UID item. */
  | { kind: 'no-uid' }
  /** An honest literal of `bytes` bytes (bigger than RFC822.SIZE said). */
  | { kind: 'oversized-literal'; bytes: number };

export interface FaultProxy {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Bytes from the server a stall rule held back. */
  readonly withheld: number;
  /** Every command the clients sent (before STARTTLS / COMPRESS hands the bytes over), in order. */
  readonly commands: readonly { connection: number; text: string }[];
  /** Close after `n` bytes to the client (counted from where the rule matches), or `n` bytes into the first message literal. */
  cutAfterBytes(n: number, options?: RuleOptions & { inLiteral?: boolean }): void;
  /** Close `ms` after a command matching `whenCommand` arrives, whatever passes meanwhile (a line idle that long). */
  cutAfterMs(ms: number, options: RuleOptions & { whenCommand: RegExp }): void;
  /** Stop passing the server's bytes on, keeping the connection open (at the greeting, or at `whenCommand`). */
  stall(options?: RuleOptions): void;
  /**
   * Send `* <text>` when a command matching `whenCommand` arrives; a `BYE` then closes the
   * connection. With `everyMs`, send it again that often while the connection lasts.
   */
  injectUntagged(text: string, options: RuleOptions & { whenCommand: RegExp; everyMs?: number }): void;
  /** Replace the tagged reply to a command matching `command` with `<tag> <text>`. */
  replaceTaggedResponse(command: RegExp, text: string, options?: RuleOptions): void;
  /**
   * Rewrite every LIST/LSUB entry: return the entries the client should see instead. A returned
   * name that differs from the original is an alias: commands naming it go to the original.
   */
  rewriteList(fn: (entry: ListEntry) => ListEntry[], options?: RuleOptions): void;
  stripCapability(name: string, options?: RuleOptions): void;
  /** Greet with `* PREAUTH` instead of `* OK`. */
  greetPreauth(options?: RuleOptions): void;
  /** Break the first message body FETCH response. */
  fetchRewrite(fault: FetchFault, options?: RuleOptions): void;
  /**
   * Answer a command longer than `bytes` (its line and literals) with `<tag> <text>` instead of
   * running it, as Exchange answers a long UID set with `BAD Command Error. 10`. The command goes
   * on to Dovecot as an unknown one, so the answer keeps its place among the others.
   */
  refuseLongCommands(bytes: number, text: string, options?: RuleOptions): void;
  /** Write every partial body `BODY[]<start>` as `BODY[]<start.length>`, echoing the range asked for. */
  echoPartialRange(options?: RuleOptions): void;
  clearRules(): void;
  close(): Promise<void>;
}

type RuleAction =
  | { type: 'cut'; bytes: number; inLiteral: boolean }
  | { type: 'cut-later'; ms: number }
  | { type: 'stall' }
  | { type: 'inject'; text: string; everyMs: number | undefined }
  | { type: 'replace'; command: RegExp; text: string }
  | { type: 'list'; fn: (entry: ListEntry) => ListEntry[] }
  | { type: 'strip'; capability: string }
  | { type: 'preauth' }
  | { type: 'fetch'; fault: FetchFault }
  | { type: 'too-long'; bytes: number; text: string }
  | { type: 'echo-partial' };

interface Rule {
  action: RuleAction;
  connections: number;
  whenCommand?: RegExp;
  claimed: Set<number>;
  /** Connections where a one-shot action already fired. */
  fired: Set<number>;
  /** Bytes passed per connection since a cut rule matched. */
  counted: Map<number, number>;
}

const BODY_LITERAL = /BODY\[\](<\d+>)? \{\d+\+?\}\r\n$/i;

export async function startFaultProxy(options: { targetPort: number; targetHost?: string }): Promise<FaultProxy> {
  let rules: Rule[] = [];
  let accepted = 0;
  let withheld = 0;
  const commands: { connection: number; text: string }[] = [];
  const sockets = new Set<Socket>();
  const aliases = new Map<string, string>();

  const addRule = (action: RuleAction, opts: RuleOptions = {}) => {
    rules.push({
      action,
      connections: opts.connections ?? 1,
      claimed: new Set(),
      fired: new Set(),
      counted: new Map(),
      ...(opts.whenCommand ? { whenCommand: opts.whenCommand } : {}),
    });
  };
  /**
   * The rules of this type that apply on connection `id` now (claiming a connection on first match).
   * `command`: the command a rule's `whenCommand` is matched against, or several (those in flight:
   * a client pipelines, so the answer streaming in may be an earlier command's than the last).
   */
  const active = <T extends RuleAction['type']>(
    type: T,
    id: number,
    command: string | readonly string[] | undefined,
    matches: (action: Extract<RuleAction, { type: T }>, rule: Rule) => boolean = () => true,
  ) =>
    rules.filter((rule): rule is Rule & { action: Extract<RuleAction, { type: T }> } => {
      if (rule.action.type !== type || !matches(rule.action as Extract<RuleAction, { type: T }>, rule)) return false;
      const named = command === undefined ? [] : typeof command === 'string' ? [command] : command;
      if (rule.whenCommand && !named.some((c) => rule.whenCommand!.test(c)) && !rule.claimed.has(id)) return false;
      if (rule.claimed.has(id)) return true;
      if (rule.claimed.size >= rule.connections) return false;
      rule.claimed.add(id);
      return true;
    });
  const once = (rule: Rule, id: number) => {
    if (rule.fired.has(id)) return false;
    rule.fired.add(id);
    return true;
  };

  const server = createServer((client) => {
    const id = ++accepted;
    const upstream = connect({ host: options.targetHost ?? '127.0.0.1', port: options.targetPort });
    const pair = pairSockets(client, upstream, sockets);
    const shut = pair.shut;
    const clientReader = new ImapUnitReader();
    const serverReader = new ImapUnitReader();
    const pending = new Map<string, string>();
    /** Tags of commands refused as too long, and the answer each gets. */
    const refusedTags = new Map<string, string>();
    let lastCommand: string | undefined;
    let greeted = false;
    let stalled = false;
    let passthrough = false;
    let startTlsTag: string | undefined;
    /** The commands sent and not yet answered, else the last one sent. */
    const inFlight = (): string[] => (pending.size > 0 ? [...pending.values()] : lastCommand ? [lastCommand] : []);

    client.on('data', (chunk: Buffer) => {
      if (pair.closed) return;
      if (passthrough) return void upstream.write(chunk);
      for (const unit of clientReader.push(chunk, () => client.write('+ go ahead\r\n'))) {
        const command = parseCommand(unit);
        if (command) {
          commands.push({ connection: id, text: command.text });
          pending.set(command.tag, command.text);
          lastCommand = command.text;
          if (command.name === 'STARTTLS') startTlsTag = command.tag;
          if (!stalled) {
            for (const rule of active('stall', id, lastCommand, (_, r) => r.whenCommand !== undefined))
              if (once(rule, id)) stalled = true;
          }
          for (const rule of active('cut-later', id, command.text)) {
            if (once(rule, id)) setTimeout(() => shut(), rule.action.ms);
          }
          for (const rule of active('inject', id, command.text)) {
            if (!once(rule, id)) continue;
            const line = Buffer.from(`* ${rule.action.text}\r\n`, 'latin1');
            if (/^BYE\b/i.test(rule.action.text)) return shut(line);
            client.write(line);
            if (rule.action.everyMs !== undefined) repeatWrite(client, line, rule.action.everyMs);
          }
          const size = serializeUnit(unit).length;
          const tooLong = active('too-long', id, command.text).find((rule) => size > rule.action.bytes);
          if (tooLong) {
            refusedTags.set(command.tag, tooLong.action.text);
            upstream.write(`${command.tag} MAILKEEP-TOO-LONG\r\n`);
            continue;
          }
        }
        upstream.write(serializeUnit(forwardCommand(unit, aliases)));
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (stalled) withheld += chunk.length;
      if (pair.closed || stalled) return;
      if (passthrough) return void client.write(chunk);
      for (const original of serverReader.push(chunk)) {
        let unit = original;
        if (!greeted) {
          greeted = true;
          for (const rule of active('stall', id, undefined, (_, r) => r.whenCommand === undefined))
            if (once(rule, id)) stalled = true;
          if (stalled) return;
          if (active('preauth', id, undefined).length > 0)
            unit = textUnit(unitText(unit).replace(/^\* OK\b/i, '* PREAUTH'));
        }
        for (const rule of active('strip', id, lastCommand)) unit = stripCapability(unit, rule.action.capability);
        const out: ImapUnit[] = [];
        const listed = /^\* (LIST|LSUB) /i.test(unitText(unit)) ? parseListUnit(unit) : null;
        const listRules = listed ? active('list', id, lastCommand) : [];
        if (listed && listRules.length > 0) {
          let entries = [listed];
          for (const rule of listRules) entries = entries.flatMap((entry) => rule.action.fn(entry));
          for (const entry of entries) {
            if (entry.name !== listed.name) aliases.set(entry.name, listed.name);
            out.push(encodeListUnit(entry));
          }
        } else out.push(unit);
        if (/^\* \d+ FETCH /i.test(unitText(unit)) && bodyLiteralIndex(unit) > 0) {
          for (const rule of active('fetch', id, inFlight())) if (once(rule, id)) breakFetch(unit, rule.action.fault);
          if (active('echo-partial', id, inFlight()).length > 0) echoPartial(unit, inFlight());
        }
        const tagged = parseTagged(unit);
        if (tagged && pending.has(tagged.tag)) {
          const commandText = pending.get(tagged.tag)!;
          pending.delete(tagged.tag);
          for (const rule of active('replace', id, commandText, (action) => action.command.test(commandText))) {
            if (once(rule, id)) out[0] = textUnit(`${tagged.tag} ${rule.action.text}\r\n`);
          }
          const refusal = refusedTags.get(tagged.tag);
          if (refusal !== undefined) out[0] = textUnit(`${tagged.tag} ${refusal}\r\n`);
          refusedTags.delete(tagged.tag);
        }
        for (const piece of out) {
          if (!write(serializeUnit(piece), piece)) return;
        }
        if (tagged && tagged.tag === startTlsTag && tagged.status === 'OK' && parseTagged(out[0]!)?.status === 'OK') {
          // From here on it is TLS between client and Dovecot: pass it through untouched.
          passthrough = true;
          const early = serverReader.drain();
          if (early.length > 0) client.write(early);
          const fromClient = clientReader.drain();
          if (fromClient.length > 0) upstream.write(fromClient);
          return;
        }
      }
    });

    /** Write to the client, cutting the connection where a cut rule says; false once cut. */
    function write(bytes: Buffer, unit: ImapUnit): boolean {
      const index = bodyLiteralIndex(unit);
      for (const rule of active('cut', id, inFlight(), (action) => !action.inLiteral || index >= 0)) {
        const { bytes: limit, inLiteral } = rule.action;
        if (inLiteral) {
          const start = serializeUnit({ segments: unit.segments.slice(0, index) }).length;
          shut(bytes.subarray(0, start + Math.min(limit, Math.max(0, unit.segments[index]!.data.length - 1))));
          return false;
        }
        const before = rule.counted.get(id) ?? 0;
        if (before + bytes.length > limit) {
          shut(bytes.subarray(0, Math.max(0, limit - before)));
          return false;
        }
        rule.counted.set(id, before + bytes.length);
      }
      client.write(bytes);
      return true;
    }
  });

  const port = await listenOnLoopback(server);

  return {
    port,
    get connections() {
      return accepted;
    },
    commands,
    get withheld() {
      return withheld;
    },
    cutAfterBytes: (bytes, opts = {}) => addRule({ type: 'cut', bytes, inLiteral: opts.inLiteral ?? false }, opts),
    cutAfterMs: (ms, opts) => addRule({ type: 'cut-later', ms }, opts),
    stall: (opts) => addRule({ type: 'stall' }, opts),
    injectUntagged: (text, opts) => addRule({ type: 'inject', text, everyMs: opts.everyMs }, opts),
    replaceTaggedResponse: (command, text, opts) => addRule({ type: 'replace', command, text }, opts),
    rewriteList: (fn, opts) => addRule({ type: 'list', fn }, opts),
    stripCapability: (capability, opts) => addRule({ type: 'strip', capability }, opts),
    greetPreauth: (opts) => addRule({ type: 'preauth' }, opts),
    fetchRewrite: (fault, opts) => addRule({ type: 'fetch', fault }, opts),
    refuseLongCommands: (bytes, text, opts) => addRule({ type: 'too-long', bytes, text }, opts),
    echoPartialRange: (opts) => addRule({ type: 'echo-partial' }, opts),
    clearRules() {
      rules = [];
      aliases.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function textUnit(text: string): ImapUnit {
  return { segments: [{ kind: 'line', data: Buffer.from(text, 'latin1') }] };
}

function bodyLiteralIndex(unit: ImapUnit): number {
  return unit.segments.findIndex(
    (s, i) => s.kind === 'literal' && BODY_LITERAL.test(unit.segments[i - 1]!.data.toString('latin1')),
  );
}

function stripCapability(unit: ImapUnit, capability: string): ImapUnit {
  const token = new RegExp(` ${escapeRegExp(capability)}(?=[ \\]\\r])`, 'gi');
  return {
    segments: unit.segments.map((s) =>
      s.kind === 'line' && /CAPABILITY/i.test(s.data.toString('latin1'))
        ? { kind: 'line', data: Buffer.from(s.data.toString('latin1').replace(token, ''), 'latin1') }
        : s,
    ),
  };
}

/** Client commands go on with the hostile alias names mapped back and every literal non-synchronizing. */
function forwardCommand(unit: ImapUnit, aliases: Map<string, string>): ImapUnit {
  const segments = unit.segments.map((s) => ({ ...s }));
  const out: ImapUnit = { segments };
  segments.forEach((s, i) => {
    if (s.kind === 'literal') {
      const real = aliases.get(s.data.toString('latin1'));
      if (real !== undefined) replaceLiteral(out, i, Buffer.from(real, 'latin1'));
    }
  });
  for (const s of segments) {
    if (s.kind !== 'line') continue;
    let text = s.data.toString('latin1');
    for (const [alias, real] of aliases) {
      const quoted = encodeAstring(alias);
      if (quoted.literal !== undefined) continue;
      // As a quoted string or as a bare atom between spaces / parentheses.
      const token = new RegExp(`${escapeRegExp(quoted.line)}|(?<=[ (])${escapeRegExp(alias)}(?=[ )\r])`, 'g');
      text = text.replace(token, encodeAstring(real).line);
    }
    s.data = Buffer.from(text.replace(/\{(\d+)\}\r\n$/, '{$1+}\r\n'), 'latin1');
  }
  return out;
}

function breakFetch(unit: ImapUnit, fault: FetchFault): void {
  const index = bodyLiteralIndex(unit);
  const body = unit.segments[index]!.data;
  switch (fault.kind) {
    case 'nil-body': {
      const before = unit.segments[index - 1]!.data.toString('latin1').replace(/\{\d+\+?\}\r\n$/, 'NIL');
      const after = unit.segments[index + 1]?.data.toString('latin1') ?? '\r\n';
      unit.segments.splice(index - 1, 3, { kind: 'line', data: Buffer.from(before + after, 'latin1') });
      break;
    }
    case 'bigger-literal':
      unit.segments[index] = { kind: 'literal', data: Buffer.concat([body, Buffer.alloc(fault.extra ?? 64, 'X')]) };
      break;
    case 'no-uid':
      for (const s of unit.segments) {
        if (s.kind === 'line')
          s.data = Buffer.from(
            s.data
              .toString('latin1')
              .replace(/\bUID \d+ ?/i, '')
              .replace(/ \)/, ')'),
            'latin1',
          );
      }
      break;
    case 'oversized-literal':
      replaceLiteral(unit, index, Buffer.concat([body, Buffer.alloc(Math.max(0, fault.bytes - body.length), 'x')]));
      break;
  }
}

/** `BODY[]<start> {n}` → `BODY[]<start.length>`, the length of the range a command in flight asked for at `start`. */
function echoPartial(unit: ImapUnit, commands: readonly string[]): void {
  const index = bodyLiteralIndex(unit);
  const before = unit.segments[index - 1]!;
  const text = before.data.toString('latin1').replace(/BODY\[\]<(\d+)>(?= \{)/i, (whole, start: string) => {
    const asked = commands.map((c) => new RegExp(`BODY\\.PEEK\\[\\]<${start}\\.(\\d+)>`, 'i').exec(c)).find(Boolean);
    return asked ? `BODY[]<${start}.${asked[1]}>` : whole;
  });
  before.data = Buffer.from(text, 'latin1');
}

/** Writes `line` to `socket` every `everyMs` until it closes. */
function repeatWrite(socket: Socket, line: Buffer, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(line);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}
