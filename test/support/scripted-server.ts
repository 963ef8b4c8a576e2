// A scripted IMAP server on 127.0.0.1 for tests of the client against exact server bytes: it
// greets, reads the client's commands (literals included, `+` sent for synchronizing ones) and
// lets a handler answer each, read more lines (AUTHENTICATE) or switch on COMPRESS=DEFLATE.
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';

const LITERAL_END = /(~?)\{(\d+)(\+?)\}$/;

export interface ScriptedCommand {
  tag: string;
  /** Upper-case first word after the tag (`UID FETCH` → `UID`). */
  verb: string;
  /** The whole command after the tag, each literal inlined as a quoted string. */
  text: string;
  /** Each literal's bytes as sent, and whether it was a literal8 (RFC 3516 `~{n}`). */
  literals: { bytes: Buffer; literal8: boolean }[];
}

export interface ScriptedConnection {
  write(data: string | Buffer): void;
  /** The next line from the client (without CRLF), e.g. an AUTHENTICATE response. */
  nextLine(): Promise<string>;
  /** From now on both directions are raw deflate (after writing the OK). */
  startCompression(): void;
  /** Raw bytes, past any compression (to cut a compressed stream mid-block). */
  writeRaw(data: Buffer): void;
  destroy(): void;
}

export type CommandHandler = (command: ScriptedCommand, connection: ScriptedConnection) => void | Promise<void>;

export interface ScriptedServer {
  port: number;
  /** Every command received, in order, over all connections. */
  commands: string[];
  close(): Promise<void>;
}

export interface ScriptedOptions {
  /**
   * A literal longer than this is refused as RFC 7888 lets a server do: a synchronizing one with
   * `NO [TOOBIG]` in place of the `+`, a non-synchronizing one (already on its way) with
   * `BAD [TOOBIG]` and the connection closed.
   */
  literalLimit?: number;
}

export async function startScriptedServer(
  greeting: string,
  handle: CommandHandler,
  options: ScriptedOptions = {},
): Promise<ScriptedServer> {
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    void serve(socket, greeting, handle, commands, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  socket: net.Socket,
  greeting: string,
  handle: CommandHandler,
  commands: string[],
  { literalLimit = Infinity }: ScriptedOptions,
): Promise<void> {
  const input = clientInput(socket);
  const connection = scriptedConnection(socket, input);
  connection.write(greeting.endsWith('\r\n') ? greeting : `${greeting}\r\n`);
  try {
    for (;;) {
      const { text, literals, tooBig } = await readCommand(input, connection, literalLimit);
      commands.push(text);
      const [tag = '', verb = ''] = text.split(' ', 2);
      if (tooBig?.[3] === '') {
        connection.write(`${tag} NO [TOOBIG] Literal too big\r\n`);
        continue;
      }
      if (tooBig !== undefined) {
        connection.write(`${tag} BAD [TOOBIG] Literal too big\r\n* BYE Literal too big\r\n`);
        return void socket.end();
      }
      await handle({ tag, verb: verb.toUpperCase(), text: text.slice(tag.length + 1), literals }, connection);
    }
  } catch {
    socket.destroy();
  }
}

interface ClientInput {
  /** The next n bytes; throws once the connection is closed before they come. */
  bytes: (n: number) => Promise<Buffer>;
  nextLine: () => Promise<string>;
  isClosed: () => boolean;
  /** From now on the client's bytes are raw deflate. */
  inflate: () => void;
}

/** The client's bytes as they come (inflated after COMPRESS), read by count or by line. */
function clientInput(socket: net.Socket): ClientInput {
  let buffer = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  let inflate: zlib.InflateRaw | undefined;
  let closed = false;
  const received = (data: Buffer) => {
    buffer = Buffer.concat([buffer, data]);
    waiting?.();
  };
  socket.on('data', (data: Buffer) => (inflate ? inflate.write(data) : received(data)));
  socket.on('close', () => {
    closed = true;
    waiting?.();
  });
  const bytes = async (n: number): Promise<Buffer> => {
    while (buffer.length < n) {
      if (closed) throw new Error('closed');
      await new Promise<void>((resolve) => (waiting = resolve));
    }
    const out = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return out;
  };
  const nextLine = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\r\n');
      if (end >= 0) return (await bytes(end + 2)).subarray(0, end).toString('utf8');
      if (closed) throw new Error('closed');
      await new Promise<void>((resolve) => (waiting = resolve));
    }
  };
  const startInflating = () => {
    inflate = zlib.createInflateRaw({ flush: zlib.constants.Z_SYNC_FLUSH });
    inflate.on('data', received);
    inflate.on('error', () => socket.destroy());
  };
  return { bytes, nextLine, isClosed: () => closed, inflate: startInflating };
}

function scriptedConnection(socket: net.Socket, input: ClientInput): ScriptedConnection {
  let deflate: zlib.DeflateRaw | undefined;
  return {
    write: (data) => {
      if (input.isClosed()) return;
      if (deflate === undefined) socket.write(data);
      else {
        deflate.write(data);
        deflate.flush(zlib.constants.Z_SYNC_FLUSH);
      }
    },
    nextLine: input.nextLine,
    startCompression: () => {
      deflate = zlib.createDeflateRaw();
      deflate.on('data', (chunk: Buffer) => socket.write(chunk));
      input.inflate();
    },
    writeRaw: (data) => socket.write(data),
    destroy: () => socket.destroy(),
  };
}

/**
 * The next command, its literals inlined as quoted strings: `{n}` (answered with `+`) or `{n+}`,
 * either as `~{…}` (literal8). A literal over the limit is not read: it is returned as `tooBig`.
 */
async function readCommand(input: ClientInput, connection: ScriptedConnection, literalLimit: number) {
  let text = await input.nextLine();
  const literals: ScriptedCommand['literals'] = [];
  for (let m = LITERAL_END.exec(text); m !== null; m = LITERAL_END.exec(text)) {
    if (Number(m[2]) > literalLimit) return { text, literals, tooBig: m };
    if (m[3] === '') connection.write('+ go ahead\r\n');
    const literal = await input.bytes(Number(m[2]));
    literals.push({ bytes: literal, literal8: m[1] === '~' });
    const quoted = `"${literal.toString('utf8').replace(/["\\]/g, '\\$&')}"`;
    text = text.slice(0, m.index) + m[1] + quoted + (await input.nextLine());
  }
  return { text, literals, tooBig: undefined };
}
