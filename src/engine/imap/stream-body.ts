// One big message read in chunks (BODY.PEEK[]<offset.length>) while it is written, the next chunk
// asked for while one comes in, so the line does not stand empty for a round trip between chunks.
import { SyncError } from '../errors.js';
import type { RemoteBody } from '../remote.js';
import { toBody, uidFetch } from './fetch.js';
import { refusesMessages } from './fetch-in-halves.js';
import { readFetchAttributes } from './fetch-response.js';
import type { UntaggedResponse } from './connection-types.js';
import type { ImapConnection } from './imap-connection.js';

/** Chunk size for streamed big messages (each chunk is one literal held in memory; two at most). */
const STREAM_CHUNK = 1024 * 1024;

/**
 * What came back for one chunk: its bytes, an answer without them (past the end), a body under no
 * UID or another one (the server's fault: the message is not gone), or no answer at all.
 */
type ChunkAnswer = Buffer | 'past-end' | 'stray' | 'unanswered';

/**
 * The chunk FETCHes of one message. A server may run pipelined FETCHes together and answer both
 * before either's tagged OK, so an answer is not known by the command it arrives under (the
 * oldest one sent) but by its section's offset. Answers come before their command's OK, in order:
 * once the n-th FETCH is done, the answers of the first n have all arrived. Some servers write
 * `BODY[]` without the offset: such answers are taken in order.
 */
function chunkRequests(connection: ImapConnection, uid: number) {
  const arrived = new Map<number, Buffer>();
  const withoutOffset: Buffer[] = [];
  let rows = 0;
  let strays = 0;
  let sent = 0;
  const onUntagged = (response: UntaggedResponse) => {
    if (response.kind !== 'data' || response.name !== 'FETCH') return;
    const row = readFetchAttributes(response.cursor);
    if (row.uid !== uid) {
      if (row.sections.size > 0) strays += 1;
      return;
    }
    rows += 1;
    for (const [name, bytes] of row.sections) {
      const section = /^BODY\[\](?:<(\d+)>)?$/i.exec(name);
      if (section === null) continue;
      if (section[1] === undefined) withoutOffset.push(bytes);
      else arrived.set(Number(section[1]), bytes);
    }
  };
  return (start: number): { start: number; answer: Promise<ChunkAnswer> } => {
    const nth = ++sent;
    const command = `UID FETCH ${uid} (UID BODY.PEEK[]<${start}.${STREAM_CHUNK}>)`;
    const answer = connection.run(command, onUntagged).then((): ChunkAnswer => {
      const bytes = arrived.get(start) ?? withoutOffset.shift();
      arrived.delete(start);
      return bytes ?? (rows >= nth ? 'past-end' : strays > 0 ? 'stray' : 'unanswered');
    });
    // Awaited in order below, or dropped when the reader stops early: never an unhandled rejection.
    answer.catch(() => undefined);
    return { start, answer };
  };
}

/**
 * One big message, fetched in chunks while it is read, until a chunk comes back short: the
 * server's RFC822.SIZE (`size`) only estimates it, the bytes sent are the message. The next chunk
 * is asked for while one comes in, if the estimate says there is more.
 */
export async function streamBody(connection: ImapConnection, uid: number): Promise<RemoteBody> {
  const refused = (error: unknown): never => {
    if (!refusesMessages(error)) throw error;
    throw new SyncError('MESSAGE_UNREADABLE', 'message', 'temp', `message UID ${uid}: ${error.responseText}`);
  };
  const items = 'UID FLAGS INTERNALDATE RFC822.SIZE';
  const [meta] = await uidFetch(connection, String(uid), items, { asked: [uid] }).catch(refused);
  if (meta === undefined)
    throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} is gone from the server`);
  const estimate = meta.size ?? 0;
  const ask = chunkRequests(connection, uid);
  async function* chunks(): AsyncGenerator<Buffer> {
    let ahead: ReturnType<typeof ask> | undefined = ask(0);
    try {
      for (let start = 0; ; start += STREAM_CHUNK) {
        const current: ReturnType<typeof ask> = ahead?.start === start ? ahead : ask(start);
        ahead = start + STREAM_CHUNK < estimate ? ask(start + STREAM_CHUNK) : undefined;
        const chunk = await current.answer.catch(refused);
        // Past the end some servers answer NIL rather than an empty string.
        if (chunk === 'past-end' && start > 0) return;
        if (chunk === 'stray') {
          const why = `message UID ${uid}: the server sent a body under no UID asked for`;
          throw new SyncError('MESSAGE_UNREADABLE', 'message', 'temp', why);
        }
        if (!Buffer.isBuffer(chunk)) {
          throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} vanished while downloading`);
        }
        if (chunk.length === 0 && start === 0 && estimate > 0) {
          throw new SyncError(
            'MESSAGE_UNREADABLE',
            'message',
            'temp',
            `message UID ${uid}: 0 bytes sent of its ${estimate}`,
          );
        }
        if (chunk.length > 0) yield chunk;
        // Short: the end. Longer than asked for: the server sent the rest whole, as imapflow reads it.
        if (chunk.length !== STREAM_CHUNK) return;
      }
    } finally {
      // A chunk asked for past the end (the estimate was high), or one the reader no longer wants:
      // its answer is read off the session before anything else may use it.
      await ahead?.answer.catch(() => undefined);
    }
  }
  return toBody(meta, chunks(), estimate);
}
