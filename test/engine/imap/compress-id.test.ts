// COMPRESS=DEFLATE (RFC 4978) and ID (RFC 2971) against scripted servers: on by setting, off by
// setting or by default on loopback (compress-rule.ts); a compressed stream cut mid-block or corrupt is a clean connection error; Timeout 0.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, test } from 'node:test';
import { connectImap, connectionTimeoutMs } from '../../../src/engine/imap/connect.js';
import { classifyError } from '../../../src/engine/errors.js';
import type { RemoteSession } from '../../../src/engine/remote.js';
import { startFakeImap } from '../../support/fake-imap.js';
import type { FakeProfile } from '../../support/fake-imap-types.js';
import { scriptedAccount } from '../../support/scripted-account.js';
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js';

const servers: ScriptedServer[] = [];
const sessions: RemoteSession[] = [];
after(async () => {
  for (const session of sessions) await session.close().catch(() => undefined);
  for (const server of servers) await server.close();
});

const PROFILE: FakeProfile = {
  greeting: '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN ID] ready',
  capabilities: 'IMAP4rev1 ID COMPRESS=DEFLATE',
  delimiter: '/',
  idResponse: '* ID ("name" "Dovecot")',
};
const body = Buffer.from(`Subject: compressed\r\n\r\n${'the same line again and again\r\n'.repeat(2000)}`);

const LABELS = { true: 'on by setting', false: 'off by setting', undefined: 'off by default on loopback' };
for (const compress of [true, false, undefined]) {
  test(`COMPRESS ${LABELS[`${compress}`]}, ID with name and version only`, async () => {
    const server = await startFakeImap(PROFILE, [
      { listed: 'INBOX', name: 'INBOX', uidValidity: 1, messages: [{ uid: 4, flags: [], body }] },
    ]);
    servers.push(server);
    const session = await connectImap(scriptedAccount(server.port, compress !== undefined ? { compress } : {}));
    sessions.push(session);
    const [inbox] = await session.list();
    await session.examine(inbox!);
    const [fetched] = await session.fetchBodies([4]);
    assert.deepEqual(fetched?.body, body);
    const verbs = server.commands.map((c) => c.split(' ').slice(1, 3).join(' '));
    assert.deepEqual(
      verbs.slice(0, 3),
      compress === true
        ? ['AUTHENTICATE PLAIN', 'COMPRESS DEFLATE', 'ID ("name"']
        : ['AUTHENTICATE PLAIN', 'ID ("name"', 'LIST ""'],
    );
    const id = server.commands.find((c) => / ID /.test(c))!;
    assert.match(id, /^M\d+ ID \("name" "mailkeep" "version" "\d+\.\d+\.\d+[\w.+-]*"\)$/);
  });
}

/** A server that turns on compression, then answers the first UID FETCH with `broken` raw bytes (and hangs up). */
async function compressedThenBroken(broken: (deflated: Buffer) => Buffer, hangUp: boolean): Promise<number> {
  const server = await startScriptedServer(
    '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN COMPRESS=DEFLATE] hi',
    (command, c) => {
      if (command.verb === 'COMPRESS') {
        c.write(`${command.tag} OK go\r\n`);
        c.startCompression();
      } else if (command.verb === 'EXAMINE') {
        c.write(`* 1 EXISTS\r\n* OK [UIDVALIDITY 1] v\r\n* OK [UIDNEXT 2] n\r\n${command.tag} OK [READ-ONLY] done\r\n`);
      } else if (command.verb === 'UID') {
        const reply = Buffer.concat([
          Buffer.from(`* 1 FETCH (UID 1 BODY[] {${body.length}}\r\n`),
          body,
          Buffer.from(`)\r\n${command.tag} OK\r\n`),
        ]);
        c.writeRaw(broken(zlib.deflateRawSync(reply, { finishFlush: zlib.constants.Z_SYNC_FLUSH })));
        if (hangUp) c.destroy();
      } else {
        c.write(`${command.tag} OK done\r\n`);
      }
    },
  );
  servers.push(server);
  return server.port;
}

for (const [what, broken, code, hangUp] of [
  ['cut mid-block', (d: Buffer) => d.subarray(0, Math.floor(d.length / 2)), 'CONNECTION', true],
  ['corrupt', (d: Buffer) => Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), d]), 'PROTOCOL', false],
] as const) {
  test(`a compressed stream ${what} is a clean connection error, never a crash or a hang`, async () => {
    const session = await connectImap(scriptedAccount(await compressedThenBroken(broken, hangUp), { compress: true }));
    sessions.push(session);
    await session.examine({ path: 'INBOX', name: 'INBOX', delimiter: '/', selectable: true });
    const error = await session.fetchBodies([1]).then(
      () => assert.fail('fetched a cut stream'),
      (e: unknown) => e,
    );
    const info = classifyError(error, { account: 'a', mailbox: 'INBOX', host: '127.0.0.1' });
    assert.equal(info.code, code, info.message);
    assert.doesNotMatch(info.message, /\n/);
  });
}

test('Timeout 0 is no timeout; others at least 5 s', () => {
  assert.deepEqual(
    [0, 1, 5, 20, 120].map((timeoutSeconds) => connectionTimeoutMs({ timeoutSeconds })),
    [0, 5000, 5000, 20000, 120000],
  );
});
