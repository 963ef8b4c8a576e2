// A fault-injecting IMAP proxy on 127.0.0.1 in front of the harness Dovecot's plain port. It reads
// both directions as whole IMAP units and, on command, breaks or rewrites them the way a failing or
// hostile server would. Each rule applies to the next K connections where it matches (default 1),
// so "fails twice, then works" is `rule(..., { connections: 2 })`.
import { createServer } from 'node:net';
import { proxyConnection, type ProxyState } from './fault-proxy-connection.js';
import type { FetchFault } from './fault-proxy-fetch.js';
import { createRuleBook, type RuleOptions } from './fault-proxy-rules.js';
import type { ListEntry } from './list-response.js';
import { listenOnLoopback } from './relay-pair.js';
import { parseUidRanges } from '../../src/engine/uid-set.js';

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
  /**
   * Answer a body FETCH (BODY.PEEK[]) whose UID set holds one of `uids` with `<tag> <text>`, none of
   * its data sent, as Exchange answers a set holding a message it cannot convert with `BAD Command
   * Argument Error. 11`. `uids` 'all': every body FETCH. The command goes on to Dovecot as above.
   */
  refuseBodyFetchOf(uids: readonly number[] | 'all', text: string, options?: RuleOptions): void;
  /** Write every partial body `BODY[]<start>` as `BODY[]<start.length>`, echoing the range asked for. */
  echoPartialRange(options?: RuleOptions): void;
  clearRules(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(options: { targetPort: number; targetHost?: string }): Promise<FaultProxy> {
  const proxy: ProxyState = {
    rules: createRuleBook(),
    aliases: new Map(),
    commands: [],
    sockets: new Set(),
    withheld: 0,
  };
  const target = { host: options.targetHost ?? '127.0.0.1', port: options.targetPort };
  let accepted = 0;
  const server = createServer((client) => proxyConnection(client, ++accepted, target, proxy));
  const port = await listenOnLoopback(server);
  const add = proxy.rules.add;

  return {
    port,
    get connections() {
      return accepted;
    },
    commands: proxy.commands,
    get withheld() {
      return proxy.withheld;
    },
    cutAfterBytes: (bytes, opts = {}) => add({ type: 'cut', bytes, inLiteral: opts.inLiteral ?? false }, opts),
    cutAfterMs: (ms, opts) => add({ type: 'cut-later', ms }, opts),
    stall: (opts) => add({ type: 'stall' }, opts),
    injectUntagged: (text, opts) => add({ type: 'inject', text, everyMs: opts.everyMs }, opts),
    replaceTaggedResponse: (command, text, opts) => add({ type: 'replace', command, text }, opts),
    rewriteList: (fn, opts) => add({ type: 'list', fn }, opts),
    stripCapability: (capability, opts) => add({ type: 'strip', capability }, opts),
    greetPreauth: (opts) => add({ type: 'preauth' }, opts),
    fetchRewrite: (fault, opts) => add({ type: 'fetch', fault }, opts),
    refuseLongCommands: (bytes, text, opts) => add({ type: 'refuse', refuses: (_, size) => size > bytes, text }, opts),
    refuseBodyFetchOf: (uids, text, opts) => add({ type: 'refuse', refuses: bodyFetchOf(uids), text }, opts),
    echoPartialRange: (opts) => add({ type: 'echo-partial' }, opts),
    clearRules() {
      proxy.rules.clear();
      proxy.aliases.clear();
    },
    async close() {
      for (const socket of proxy.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether a command is a UID FETCH of bodies whose set holds one of `uids` (any, for 'all'). */
function bodyFetchOf(uids: readonly number[] | 'all'): (command: string) => boolean {
  return (command) => {
    const fetch = /^\S+ UID FETCH (\S+) \(.*BODY\.PEEK\[\]/i.exec(command);
    if (fetch === null) return false;
    const ranges = parseUidRanges(fetch[1]!);
    return uids === 'all' || uids.some((uid) => ranges.some(([low, high]) => uid >= low && uid <= high));
  };
}
