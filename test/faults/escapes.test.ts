// Hostile text end to end: mailbox names, subjects and server texts full of terminal controls
// (ESC sequences, BEL, CSI, OSC, 8-bit C1 controls, bidi overrides) reach no output channel raw.
// Checked on the bytes each channel really carries: `mailkeep sync` human lines and stderr,
// `mailkeep sync --json`, the log file, and the full-screen app in a real terminal (tmux), whose
// title, bell and screen show whether anything drove it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { useCorpusServer } from '../support/corpus-server.js';
import { appendMessage } from '../support/server-mail.js';
import { homeEnv, writePlainRc } from '../support/sync-command.js';
import { mailkeepCommand, startTmux } from '../support/tmux.js';

const corpus = useCorpusServer({ proxy: true });
const MAILKEEP = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));

/** Every kind of terminal control; an OSC that reached the terminal would retitle the pane to "pwned". */
const EVIL =
  '\x1b]0;pwned\x07\x1b]2;pwned\x1b\\\x1b[2J\x1b[31mred\x07bell' +
  '\x9b31m\x9d0;pwned\x9c\x90dcs\x9c\u202eevil\u2066x\u2069\x1bc\x7f';
/** The same as a server sends it: UTF-8 bytes, plus a lone 8-bit CSI (not UTF-8 at all). */
const EVIL_WIRE = `${Buffer.from(EVIL, 'utf8').toString('latin1')}\x9b2J`;
/** A valid name that still carries bidi controls (modified UTF-7 of U+202E, U+2066): it is synced and shown. */
const BIDI_NAME = 'Right&IC4-left&IGY-';
/** A name full of controls: refused, and named in the error. */
const CONTROL_NAME = `ctl${EVIL_WIRE}`;
const FORBIDDEN = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The text of a channel (valid UTF-8), or a failure naming the first control character and where it is. */
function assertClean(what: string, bytes: Buffer): string {
  assert.ok(bytes.length > 0, `${what}: something was written`);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const hit = FORBIDDEN.exec(text);
  assert.equal(
    hit,
    null,
    hit
      ? `${what}: U+${hit[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${hit.index}: ` +
          JSON.stringify(text.slice(Math.max(0, hit.index - 40), hit.index + 20))
      : '',
  );
  return text;
}

function hostileServer(): void {
  const rules = { connections: 1000 };
  corpus.proxy.rewriteList(
    (entry) =>
      entry.name === 'Work &- Play'
        ? [
            { ...entry, name: BIDI_NAME },
            { ...entry, name: CONTROL_NAME },
          ]
        : [entry],
    rules,
  );
  corpus.proxy.replaceTaggedResponse(/EXAMINE "Archive\/2024"/, `NO [SERVERBUG] ${EVIL_WIRE} try later`, rules);
}

async function runMailkeep(
  root: string,
  args: string[],
): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  const child = spawn(process.execPath, [MAILKEEP, ...args], {
    env: { ...process.env, ...homeEnv(root) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}

describe('hostile text reaches no output channel raw', () => {
  test('mailkeep sync: human lines, stderr and --json', async () => {
    hostileServer();
    const root = await corpus.newRoot();
    const rc = await writePlainRc(corpus.server, root, { port: corpus.proxy.port });
    const human = await runMailkeep(root, ['sync', '-c', rc, '--verbose']);
    assert.equal(human.code, 1, human.stderr.toString());
    const lines = assertClean('human stdout', human.stdout);
    assert.match(lines, /Rightleftx?/, 'the bidi-named mailbox is synced and named, its controls removed');
    const errors = assertClean('human stderr', human.stderr);
    assert.match(errors, /Archive\/2024: .*try later/, 'the server text is reported');
    assert.match(errors, /ctl/, 'the refused name is named');

    const json = await runMailkeep(root, ['sync', '-c', rc, '--json']);
    const events = assertClean('--json stdout', json.stdout);
    for (const line of events.trimEnd().split('\n')) JSON.parse(line);
    assert.match(events, /try later/);
    if (json.stderr.length > 0) assertClean('--json stderr', json.stderr);
  });

  test('the app in a terminal, and its log: title, bell and screen untouched', { timeout: 120_000 }, async () => {
    hostileServer();
    await appendMessage(
      corpus.server,
      'INBOX',
      Buffer.from(
        `From: "${EVIL}" <evil@example.org>\r\nSubject: ${EVIL} subject\r\n` +
          `Message-ID: <evil@x>\r\n\r\nbody ${EVIL}\r\n`,
      ),
    );
    const root = await corpus.newRoot();
    const rc = await writePlainRc(corpus.server, root, { port: corpus.proxy.port });
    const app = startTmux({
      command: mailkeepCommand(['-c', rc]),
      cwd: root,
      env: { ...process.env, ...homeEnv(root), CI: 'true' },
    });
    try {
      const title = app.display('#{pane_title}');
      await app.waitFor(/pass 1 finished/, 'the first pass to finish', { timeoutMs: 60_000 });
      // The error pane opens by itself when errors come in.
      const syncView = await app.waitFor(/try later/, 'the server text in the error pane');
      app.sendKeys('Tab');
      const reader = await app.waitFor(/subject/, 'the reader with the hostile subject');
      for (const [what, screen] of [
        ['sync view', syncView],
        ['reader', reader],
      ] as const) {
        assertClean(`${what} screen`, Buffer.from(screen));
      }
      assert.equal(app.display('#{pane_title}'), title, 'the pane title was not changed by an OSC');
      assert.equal(app.display('#{window_bell_flag}'), '0', 'no bell rang');
      app.sendKeys('q');
    } finally {
      app.kill();
    }
    const log = await readFile(join(homeEnv(root).XDG_STATE_HOME, 'mailkeep', 'mailkeep.log'));
    assert.match(assertClean('log file', log), /try later/);
  });
});
