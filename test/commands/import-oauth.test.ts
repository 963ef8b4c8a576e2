import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/commands/import.js';
import { readOwnConfig } from '../../src/config/own-config.js';
import { tempHome } from '../support/temp-home.js';

const OAUTH_MBSYNCRC = `IMAPAccount work
Host outlook.office365.com
User me@example.com
AuthMechs XOAUTH2
PassCmd "oama access me@example.com"
SSLType IMAPS

IMAPStore work-remote
Account work

MaildirStore work-local
Path ~/Mail/work/
Inbox ~/Mail/work/INBOX

Channel work
Far :work-remote:
Near :work-local:
Patterns *
Sync Pull
`;

test('import keeps an XOAUTH2 account with a token PassCmd as it is and offers the built-in sign-in', async (t) => {
  const pathEnv = tempHome(t);
  const out: string[] = [];
  const err: string[] = [];
  writeFileSync(path.join(pathEnv.home, '.mbsyncrc'), OAUTH_MBSYNCRC);
  const code = await runImport({
    ...pathEnv,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  assert.equal(code, 0, err.join(''));
  const text = out.join('');
  assert.match(text, /^~\/\.mbsyncrc:4 +AuthMechs XOAUTH2 +→ auth: XOAUTH2$/m);
  assert.match(
    text,
    new RegExp(
      '^work: signs in with the OAuth token its PassCmd prints \\(AuthMechs XOAUTH2\\), ' +
        'which works as it is; ' +
        'to let mailkeep sign in by itself instead: mailkeep login work --client-id ID$',
      'm',
    ),
  );
  const [account] = readOwnConfig(pathEnv)!.accounts;
  assert.deepEqual(account!.authMechs, ['XOAUTH2']);
  assert.deepEqual(account!.password, { kind: 'command', command: 'oama access me@example.com' });
});
