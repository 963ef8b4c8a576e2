// The real `mailkeep` in tmux, left open on the private Dovecot: the header counts down to the next
// timed pass and shows the IDLE watch; mail delivered meanwhile updates the INBOX row, the status
// line says so, and the reader's open INBOX shows the new message. Needs a fresh dist/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useDemoWorld } from '../support/e2e.js';
import { appendMessage } from '../support/server-mail.js';

const demo = useDemoWorld({ preset: 'tiny' });

test(
  'left open: countdown, IDLE, new mail in the row, the status line and the reader',
  { timeout: 90_000 },
  async () => {
    const app = demo.mailkeep(['-c', demo.world.configPath, '--every', '1h']);
    try {
      await app.waitFor(
        (s) => /pass 1 finished/.test(s) && /next pass in 59:\d\d/.test(s) && /demo: watching · IDLE/.test(s),
        'the first pass over, the countdown and the IDLE watch',
        { timeoutMs: 45_000 },
      );
      app.sendKeys('Tab');
      await app.waitFor(/^ +> +\d+ /m, 'the reader on INBOX');
      const subject = 'Arrived while open';
      await appendMessage(
        demo.world.server,
        'INBOX',
        Buffer.from(`From: new@example.org\r\nSubject: ${subject}\r\nMessage-ID: <open@x>\r\n\r\nhello\r\n`),
      );
      // The reader shows the message once it is stored; the status line names it once the pass is over.
      const reader = await app.waitFor(
        (s) => s.includes(subject) && !s.includes('⟳'),
        'the new message in the open INBOX and the pass over',
      );
      assert.match(reader, /new mail \d\d:\d\d: 1 in demo\/INBOX/);
      app.sendKeys('Tab');
      const sync = await app.waitFor(/pass 2 finished/, 'the sync view after the INBOX pass');
      const row = sync.split('\n').find((line) => /^ *INBOX /.test(line.slice(2)));
      assert.match(row ?? '', /done/);
      assert.match(row ?? '', /\+1\b/);
      app.sendKeys('q');
      assert.equal((await app.waitForExit()).code, 0);
    } finally {
      app.kill();
    }
  },
);
