// EXAMINE over QRESYNC on a connection that had another mailbox open: what the server sends before
// `* OK [CLOSED]` (RFC 7162 §3.2.11) is about that other mailbox, e.g. an expunge reported late
// while this EXAMINE was pipelined behind it, and never becomes a change of this one.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { scriptedAccount } from '../../support/scripted-account.js';
import { connectImap } from '../../../src/engine/imap/connect.js';

const servers: net.Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A scripted server: greets with QRESYNC, then answers each command by its verb (`$TAG` is the command's tag). */
async function scriptedServer(replies: Record<string, string[]>): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR ENABLE CONDSTORE QRESYNC] ready\r\n');
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const [tag, verb] = buffer.slice(0, end).split(' ');
        buffer = buffer.slice(end + 2);
        const reply = replies[verb!.toUpperCase()]?.shift() ?? '$TAG OK\r\n';
        socket.write(reply.replaceAll('$TAG', tag!));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

test('responses before [CLOSED] belong to the mailbox closed, not to the one examined', async () => {
  const port = await scriptedServer({
    ENABLE: ['* ENABLED QRESYNC\r\n$TAG OK\r\n'],
    EXAMINE: [
      '* 10 EXISTS\r\n* OK [UIDVALIDITY 1] v\r\n* OK [UIDNEXT 11] n\r\n* OK [HIGHESTMODSEQ 20] m\r\n* VANISHED (EARLIER) 3\r\n$TAG OK [READ-ONLY] done\r\n',
      // The late expunge of UID 7 in the first mailbox, then the second one.
      '* VANISHED 7\r\n* 8 FETCH (UID 8 FLAGS (\\Deleted) MODSEQ (21))\r\n* OK [CLOSED] closed\r\n* 5 EXISTS\r\n* OK [UIDVALIDITY 2] v\r\n* OK [UIDNEXT 6] n\r\n' +
        '* OK [HIGHESTMODSEQ 9] m\r\n* VANISHED (EARLIER) 4\r\n* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (9))\r\n$TAG OK [READ-ONLY] done\r\n',
    ],
  });
  const session = await connectImap(scriptedAccount(port, { timeoutSeconds: 5 }));
  try {
    const mailbox = (name: string) => ({ path: name, delimiter: '/', name, selectable: true });
    const [first, second] = await Promise.all([
      session.examine(mailbox('A'), { uidValidity: 1, modSeq: 15 }),
      session.examine(mailbox('B'), { uidValidity: 2, modSeq: 5 }),
    ]);
    assert.deepEqual(first.changes, { vanished: [[3, 3]], changed: [] });
    assert.equal(second.messages, 5);
    assert.equal(second.uidValidity, 2);
    assert.equal(second.highestModSeq, 9);
    assert.deepEqual(second.changes, { vanished: [[4, 4]], changed: [{ uid: 2, flags: ['\\Seen'] }] });
  } finally {
    await session.close();
  }
});
