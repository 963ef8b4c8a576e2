/** @jsxRuntime automatic @jsxImportSource react */
// The wizard's text field: a suggestion is a placeholder (typing replaces it, Enter keeps it);
// real text is edited like a shell line (Backspace, Ctrl-U, Ctrl-W), also within one read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { KeyDispatcher } from '../../../src/ui/keys/KeyDispatcher.js';
import { TextField } from '../../../src/ui/setup/TextField.js';
import { waitUntil } from '../../support/wait-until.js';

const ENTER = '\r';
const BACKSPACE = '\u007f';
const CTRL_U = '\u0015';
const CTRL_W = '\u0017';

function field(
  t: { after: (fn: () => void) => void },
  props: { initial?: string; placeholder?: string; mask?: boolean },
) {
  const submitted: string[] = [];
  const app = render(
    <KeyDispatcher>
      <TextField {...props} onSubmit={(v) => submitted.push(v)} />
    </KeyDispatcher>,
  );
  t.after(() => app.unmount());
  const line = () => (app.lastFrame() ?? '').split('\n')[0]!;
  const press = async (keys: string, expect: string | RegExp) => {
    // Key handlers subscribe in effects just after a frame is drawn.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    app.stdin.write(keys);
    return waitUntil(
      () => (typeof expect === 'string' ? line() === expect : expect.test(app.lastFrame() ?? '')) && line(),
      () => `field never showed ${expect}:\n${app.lastFrame()}`,
    );
  };
  const submit = async () => {
    await press(ENTER, /./);
    await waitUntil(
      () => submitted.length > 0,
      () => 'nothing submitted',
    );
    return submitted.at(-1);
  };
  return { frame: () => app.lastFrame() ?? '', line, press, submit };
}

test('a placeholder is shown dim with a hint, and one write replaces it entirely', async (t) => {
  const f = field(t, { placeholder: 'pass mailkeep/me@gmail.com' });
  await waitUntil(
    () => f.frame().includes('Enter keeps pass mailkeep/me@gmail.com · type to replace it'),
    () => f.frame(),
  );
  assert.equal(f.line(), '›  pass mailkeep/me@gmail.com');
  await f.press('echo secret', '› echo secret');
  assert.doesNotMatch(f.frame(), /pass mailkeep|Enter keeps/);
  assert.equal(await f.submit(), 'echo secret');
});

test('Enter on an empty field keeps the placeholder; emptied by Backspace it comes back', async (t) => {
  const f = field(t, { placeholder: '~/Mail/gmail' });
  await f.press('x', '› x');
  await f.press(BACKSPACE, '›  ~/Mail/gmail');
  assert.equal(await f.submit(), '~/Mail/gmail');
});

test('real text: Ctrl-W deletes the last word, Ctrl-U clears, Backspace takes one character', async (t) => {
  const f = field(t, { initial: 'pass mailkeep/me@gmail.com', placeholder: 'pass mailkeep/x' });
  await waitUntil(
    () => f.line() === '› pass mailkeep/me@gmail.com',
    () => f.frame(),
  );
  assert.match(f.frame(), /Ctrl-U clears · Ctrl-W deletes a word/);
  await f.press(CTRL_W, '› pass');
  await f.press('gopass  show', '› pass gopass  show');
  await f.press(CTRL_W, '› pass gopass');
  await f.press(CTRL_U, '›  pass mailkeep/x');
  await f.press('a😀', '› a😀');
  await f.press(BACKSPACE, '› a');
  assert.equal(await f.submit(), 'a');
});

test('editing keys in one read (a paste, tmux send-keys) act as typed one by one', async (t) => {
  const f = field(t, { initial: '~/Mail/gmail' });
  await f.press(`${CTRL_U}~/Backup/one two${CTRL_W}mail${BACKSPACE}x`, '› ~/Backup/one maix');
});

test('a masked field shows one bullet per character and hides the text', async (t) => {
  const f = field(t, { mask: true });
  await f.press('hunter2', '› •••••••');
  assert.doesNotMatch(f.frame(), /hunter2/);
  await f.press(CTRL_U, '›');
});
