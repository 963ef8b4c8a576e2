import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountConfig } from '../../../src/config/types.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { createSyncSession } from '../../../src/ui/sync/sync-session.js';
import { ScriptedEngine } from '../support/scripted-engine.js';

const account = (name: string) => ({ name }) as AccountConfig;

test('a restart stops the old engine before the new one starts; events reach one subscriber throughout', async () => {
  const order: string[] = [];
  const engines: ScriptedEngine[] = [];
  const session = createSyncSession({
    intervalMs: 0,
    createEngine: (accounts) => {
      const engine = new ScriptedEngine();
      const stop = engine.stop.bind(engine);
      engine.stop = async () => {
        order.push(`stop ${accounts[0]!.name}`);
        await stop();
      };
      order.push(`create ${accounts[0]!.name}`);
      engines.push(engine);
      return engine;
    },
  });
  const seen: EngineEvent['type'][] = [];
  session.subscribe((event) => seen.push(event.type));
  let changes = 0;
  session.watch(() => changes++);

  await Promise.all([session.start([account('a')]), session.start([account('b')])]);
  assert.deepEqual(order, ['create a', 'stop a', 'create b']);
  assert.equal(session.current()?.accounts[0]?.name, 'b');
  assert.equal(session.current()?.generation, 2);
  assert.deepEqual(
    engines.map((e) => e.resyncCalls.length),
    [1, 1],
    'each engine started its first pass',
  );
  assert.equal(engines[0]!.listenerCount, 0, 'the old engine is let go');

  engines[1]!.emit({ type: 'pass-start', pass: 1, at: 1 });
  assert.deepEqual(seen, ['pass-start']);
  assert.ok(changes >= 3);

  await session.dispose();
  assert.equal(session.current(), undefined);
  assert.equal(engines[1]!.stopCalls, 1);
  assert.equal(engines[1]!.listenerCount, 0);
});
