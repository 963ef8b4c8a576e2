// Keeping in sync against a scripted server whose IDLE is answered OK at once, without idling: the
// watch backs off as after a cut, where it asked again at once (tens of thousands of IDLEs a second
// at full CPU).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { useFakeAccounts } from '../support/fake-imap-account.js';
import { startFakeImap } from '../support/fake-imap.js';
import { PROVIDERS } from '../support/provider-profiles.js';

const accountOn = useFakeAccounts();

test('a server that ends IDLE at once: the watch backs off and connects again, it does not ask again and again', async (t) => {
  const gmail = PROVIDERS.find((p) => p.name === 'Gmail')!;
  // The scripted server answers IDLE (as any command it does not know) with an OK, and no `+`.
  const server = await startFakeImap(gmail.profile, gmail.mailboxes);
  const engine = createEngine({ accounts: [await accountOn(server)], backoffBaseMs: 200, random: () => 0 });
  t.after(() => engine.stop());
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));
  const first = engine.whenIdle();
  engine.resync();
  assert.equal((await first).exitCode, 0);
  engine.keepInSync({ everyMs: 0 });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const idles = server.commands.filter((command) => /^\S+ IDLE$/i.test(command)).length;
  // Backoff 100, 200, 400, 800 ms: four or five IDLEs in 1.5 s.
  assert.ok(idles >= 2 && idles <= 6, `${idles} IDLE commands in 1.5 s`);
  assert.ok(events.some((e) => e.type === 'idle' && e.state === 'reconnecting'));
});
