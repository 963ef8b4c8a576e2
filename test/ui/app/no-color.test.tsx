/** @jsxRuntime automatic @jsxImportSource react */
import '../support/force-color.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { ReaderProps } from '../../../src/ui/reader/Reader.js';
import { renderApp } from '../support/app-harness.js';

const events: EngineEvent[] = [
  { type: 'pass-start', pass: 1, at: 1000 },
  { type: 'connection', account: 'gmail', state: 'connected', at: 1000 },
  { type: 'mailboxes', account: 'gmail', mailboxes: ['INBOX', 'Sent'], at: 1000 },
  { type: 'mailbox-phase', account: 'gmail', mailbox: 'INBOX', phase: 'fetching', at: 1000 },
  {
    type: 'error',
    error: {
      code: 'UNEXPECTED',
      scope: 'mailbox',
      retry: 'final',
      account: 'gmail',
      mailbox: 'Sent',
      message: 'broken',
    },
    at: 1000,
  },
];

const FOREGROUND_COLOR = /\u001b\[(3[0-9]|9[0-7])(;[0-9]+)*m/;

test('colours are used normally', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...events);
  await app.waitFor((f) => f.includes('Errors (1)'), 'the view');
  assert.match(app.rawFrame(), FOREGROUND_COLOR);
});

test('NO_COLOR output has no colour codes', async (t) => {
  const app = renderApp({ noColor: true });
  t.after(() => app.dispose());
  app.engine.emit(...events);
  await app.waitFor((f) => f.includes('Errors (1)'), 'the view');
  assert.doesNotMatch(app.rawFrame(), FOREGROUND_COLOR);
  assert.match(app.rawFrame(), /fetching/);
});

test('NO_COLOR reaches the reader too (an unread mailbox is not coloured)', async (t) => {
  const { Reader: RealReader } = await import('../../../src/ui/reader/Reader.js');
  const { makeTempDir, mail, writeMaildir } = await import('../../reader/make-maildir.js');
  const tmp = makeTempDir();
  t.after(() => tmp.cleanup());
  // Its search index in the temp dir, not the user's cache.
  const Reader = (props: ReaderProps) => <RealReader {...props} indexFile={`${tmp.path}/index.sqlite`} />;
  writeMaildir(`${tmp.path}/Mail`, [{ raw: mail({ From: 'a@x', Subject: 'Unread one' }) }]);
  const open = async (noColor: boolean) => {
    const app = renderApp({ Reader, noColor, roots: [{ account: 'gmail', path: `${tmp.path}/Mail` }] });
    t.after(() => app.dispose());
    await app.waitFor((f) => f.includes('Mailbox'), 'the sync view');
    app.press('\t');
    await app.waitFor((f) => f.includes('a@x'), 'the reader');
    return app.rawFrame();
  };
  assert.match(await open(false), FOREGROUND_COLOR, 'coloured without NO_COLOR');
  assert.doesNotMatch(await open(true), FOREGROUND_COLOR);
});
