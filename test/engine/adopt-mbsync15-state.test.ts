// A Maildir tree and state files as isync 1.5 writes them (no 1.5 is installed: each is spelt as its
// source writes it, cited by line; isync 1.5.0 tag / master of 2024-09), adopted by their pairs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseMbsyncrc } from '../../src/config/mbsyncrc-parser.js';
import { adoptForeignFiles } from '../../src/engine/adopt-maildir.js';
import type { RemoteMailbox } from '../../src/engine/remote.js';
import { scanFolder } from '../../src/maildir/index.js';

const FAR_UIDVALIDITY = 1722500000;
const NEAR_UIDVALIDITY = 1722500100;

/** The man page's 1.5 spelling: TLSType, Far/Near, ExpireSide. */
const CONFIG = `IMAPAccount work
Host imap.example.org
User me
PassCmd "cat ~/.pw"
TLSType IMAPS

IMAPStore remote
Account work

MaildirStore local
Path ~/Mail/
Inbox ~/Mail/INBOX
SubFolders Verbatim

Channel work
Far :remote:
Near :local:
Patterns *
Sync Pull
MaxMessages 500
ExpireSide Far
`;

function setUp(t: { after: (fn: () => void) => void }, folder: string) {
  const home = mkdtempSync(join(tmpdir(), 'mailkeep-mbsync15-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  // isync 1.5's default SyncState when ~/.mbsync/ is absent (config.c load_config, end).
  const stateDir = join(home, '.local', 'state', 'isync');
  mkdirSync(stateDir, { recursive: true });
  const [account] = parseMbsyncrc(CONFIG, { path: join(home, '.mbsyncrc'), home, env: {} }).accounts;
  const dir = join(home, 'Mail', folder);
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  // drv_maildir.c:676 `"%u\n%u\n", uidvalidity, nuid`; names drv_maildir.c:1587 and :1604 (`,U=%u`).
  writeFileSync(join(dir, '.uidvalidity'), `${NEAR_UIDVALIDITY}\n3\n`);
  for (const uid of [1, 2, 3]) {
    writeFileSync(join(dir, 'cur', `1722500200.4242_${uid}.host,U=${uid}:2,S`), `Subject: ${uid}\n\nbody\n`);
  }
  const mailbox: RemoteMailbox = { path: folder, delimiter: '/', name: folder, selectable: true };
  return { account: account!, dir, mailbox, stateDir };
}

/**
 * sync_state.c save_state(), :503-517: four header lines, `MaxExpiredNearUid` when ExpireSide is
 * Far (:506-509), a blank line, then `%u %u %s%s%s` per entry: far, near, `<`/`>`, `^`/`~`, flags.
 */
function stateText(maxExpired: string): string {
  return (
    `FarUidValidity ${FAR_UIDVALIDITY}\nNearUidValidity ${NEAR_UIDVALIDITY}\nMaxPulledUid 30\nMaxPushedUid 3\n` +
    `${maxExpired}\n10 1 ~S\n20 2 S\n30 3 S\n`
  );
}

async function adopt(setup: ReturnType<typeof setUp>) {
  const { foreign } = await scanFolder(setup.dir);
  return adoptForeignFiles(setup.account, setup.mailbox, setup.dir, foreign, FAR_UIDVALIDITY);
}

test("isync 1.5's state with ExpireSide Far (MaxExpiredNearUid) is adopted by its pairs", async (t) => {
  const setup = setUp(t, 'Archive');
  // sync_state.c:50-51: `<SyncState><c><far store><c><far box>_<c><near store><c><near box>`, c = ':'.
  writeFileSync(join(setup.stateDir, ':remote:Archive_:local:Archive'), stateText('MaxExpiredNearUid 10\n'));
  const adoption = await adopt(setup);
  assert.equal(adoption.stateProblem, undefined);
  assert.deepEqual(
    [...adoption.paired.keys()].sort((a, b) => a - b),
    [10, 20, 30],
  );
  assert.equal(adoption.unpaired.length, 0, 'no file is left to the match by Message-ID');
});

test("isync 1.5 names a non-ASCII box's state file in UTF-8; it is found and its pairs used", async (t) => {
  const setup = setUp(t, 'Entwürfe');
  // drv_imap.c:1594-1595 decodes LIST's modified UTF-7 names: box_name is UTF-8 (sync_state.c:44-51).
  writeFileSync(join(setup.stateDir, ':remote:Entwürfe_:local:Entwürfe'), stateText(''));
  const adoption = await adopt(setup);
  assert.equal(adoption.stateMissing, undefined, adoption.stateProblem);
  assert.deepEqual(
    [...adoption.paired.keys()].sort((a, b) => a - b),
    [10, 20, 30],
  );
});

test("isync 1.4's modified UTF-7 folder keeps its modified UTF-7 state name", async (t) => {
  const setup = setUp(t, 'Entw&APw-rfe');
  writeFileSync(join(setup.stateDir, ':remote:Entw&APw-rfe_:local:Entw&APw-rfe'), stateText(''));
  const adoption = await adopt({ ...setup, mailbox: { ...setup.mailbox, path: 'Entwürfe', name: 'Entwürfe' } });
  assert.equal(adoption.stateMissing, undefined, adoption.stateProblem);
  assert.equal(adoption.paired.size, 3);
});
