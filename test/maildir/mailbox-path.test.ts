import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MailboxNameError } from '../../src/maildir/errors.js';
import { detectPathCollisions, mailboxLocalPath, type MailboxLayout } from '../../src/maildir/mailbox-path.js';

const verbatim: MailboxLayout = { localPath: '/m/acct', inboxPath: '/m/acct/INBOX', subFolders: 'verbatim' };
const maildirPP: MailboxLayout = { localPath: '/m/box', inboxPath: '/m/box', subFolders: 'maildir++' };
const legacy: MailboxLayout = { localPath: '/m/acct', inboxPath: '/m/inbox', subFolders: 'legacy' };
const flat: MailboxLayout = { ...verbatim, flatten: '.' };
const archive = { far: 'Archive', near: 'arch' };
const toNothing = { far: 'INBOX', near: '' };

const mapped: [string, MailboxLayout, string, string | null, string][] = [
  ['INBOX any case', verbatim, 'inbox', '/', '/m/acct/INBOX'],
  ['verbatim nesting', verbatim, 'top/sub/subsub', '/', '/m/acct/top/sub/subsub'],
  ['verbatim INBOX child', verbatim, 'INBOX/sub', '/', '/m/acct/INBOX/sub'],
  ['server delimiter "."', verbatim, 'Archive.2024', '.', '/m/acct/Archive/2024'],
  ['no delimiter: one level', verbatim, 'a.b', null, '/m/acct/a.b'],
  ['UTF-8 kept', verbatim, 'Archive/Zürich', '/', '/m/acct/Archive/Zürich'],
  ['Maildir++', maildirPP, 'top/sub/subsub', '/', '/m/box/.top.sub.subsub'],
  ['Maildir++ INBOX child', maildirPP, 'INBOX/sub/subsub', '/', '/m/box/..sub.subsub'],
  ['legacy', legacy, 'top/sub/subsub', '/', '/m/acct/top/.sub/.subsub'],
  ['legacy INBOX child', legacy, 'INBOX/sub', '/', '/m/inbox/.sub'],
  ['Flatten', flat, 'top/sub', '/', '/m/acct/top.sub'],
  ['Flatten INBOX child stays under Path', flat, 'INBOX/sub', '/', '/m/acct/INBOX.sub'],
  ['"cur" at the top of a plain Path is fine', verbatim, 'cur', '/', '/m/acct/cur'],
  // An mbsync Channel without Patterns: `Far :remote:"[Gmail]/Sent Mail"`, `Near :local:sent`.
  [
    'a near mailbox, not the server name',
    { ...verbatim, nearMailbox: 'sent' },
    '[Gmail]/Sent Mail',
    '/',
    '/m/acct/sent',
  ],
  ['a near mailbox INBOX', { ...legacy, nearMailbox: 'INBOX' }, 'Archive', '/', '/m/inbox'],
  // mbsync's Maildir driver takes only `INBOX` itself for the store's Inbox: `Near :local:Inbox` is Path/Inbox.
  ['a near mailbox Inbox is a folder', { ...legacy, nearMailbox: 'Inbox' }, 'INBOX', '/', '/m/acct/Inbox'],
  ['a near mailbox inbox/sub', { ...legacy, nearMailbox: 'inbox/sub' }, 'INBOX', '/', '/m/acct/inbox/.sub'],
  [
    'a near mailbox Inbox where the Inbox is',
    { ...verbatim, inboxPath: '/m/acct/Inbox', nearMailbox: 'Inbox' },
    'INBOX',
    '/',
    '/m/acct/Inbox',
  ],
  ['a nested near mailbox, legacy', { ...legacy, nearMailbox: 'old/archive' }, 'Archive', '.', '/m/acct/old/.archive'],
  // mbsync's `Path /m/acct/gmail-` (no trailing '/'): Path + name, INBOX and its children aside.
  ['a Path prefix', { ...verbatim, folderPrefix: 'gmail-' }, 'top/sub', '/', '/m/acct/gmail-top/sub'],
  ['a Path prefix, INBOX child', { ...verbatim, folderPrefix: 'gmail-' }, 'INBOX/sub', '/', '/m/acct/INBOX/sub'],
  ['a Path prefix, legacy', { ...legacy, folderPrefix: 'gmail-' }, 'top/sub', '/', '/m/acct/gmail-top/.sub'],
  ['a Path prefix, Flatten', { ...flat, folderPrefix: 'gmail-' }, 'INBOX/sub', '/', '/m/acct/gmail-INBOX.sub'],
  // `Far :remote:Archive`, `Near :local:arch`: Archive.2024 is arch.2024 (mbsync joins them as text).
  ['a Path prefix before a leading dot', { ...verbatim, folderPrefix: 'arch' }, '.2024', '/', '/m/acct/arch.2024'],
  ['a Path prefix, Flatten -, a dot', { ...verbatim, flatten: '-', folderPrefix: 'a' }, '.b/c', '/', '/m/acct/a.b-c'],
  // Near prefixes with '/' (`Near :local:work/`), as nearLayout writes them for each style.
  [
    'a Maildir++ near prefix',
    { ...maildirPP, inboxPath: '/m/box/.work.INBOX', folderPrefix: '.work.' },
    'Sent/2024',
    '/',
    '/m/box/.work.Sent.2024',
  ],
  [
    'a Maildir++ near prefix, INBOX child',
    { ...maildirPP, inboxPath: '/m/box/.work.INBOX', folderPrefix: '.work.' },
    'INBOX/Sub',
    '/',
    '/m/box/.work.INBOX.Sub',
  ],
  [
    'a Maildir++ near prefix INBOX/',
    { ...maildirPP, inboxPath: '/m/box/..INBOX', folderPrefix: '..' },
    'Sent/2024',
    '/',
    '/m/box/..Sent.2024',
  ],
  [
    'a Legacy near prefix old/',
    { ...legacy, localPath: '/m/acct/old', inboxPath: '/m/acct/old/.INBOX', folderPrefix: '.' },
    'Sent/2024',
    '/',
    '/m/acct/old/.Sent/.2024',
  ],
  [
    'a Legacy near prefix old/, INBOX child',
    { ...legacy, localPath: '/m/acct/old', inboxPath: '/m/acct/old/.INBOX', folderPrefix: '.' },
    'INBOX/Sub',
    '/',
    '/m/acct/old/.INBOX/.Sub',
  ],
  // `Far :remote:Archive`, `Near :local:arch`, Patterns: the Near box in place of the Far box, as text.
  ['a Far box renamed: the box itself', { ...verbatim, boxRename: archive }, 'Archive', '/', '/m/acct/arch'],
  ['a Far box renamed: a subfolder', { ...verbatim, boxRename: archive }, 'Archive/2023', '/', '/m/acct/arch/2023'],
  [
    'a Far box renamed: a name continuing it',
    { ...verbatim, boxRename: archive },
    'Archive.2024',
    '/',
    '/m/acct/arch.2024',
  ],
  ['a Far box renamed, delimiter "."', { ...verbatim, boxRename: archive }, 'Archive.2023', '.', '/m/acct/arch/2023'],
  ['a Far box renamed, legacy', { ...legacy, boxRename: archive }, 'Archive/2023/x', '/', '/m/acct/arch/.2023/.x'],
  ['a Far box renamed, Flatten', { ...flat, boxRename: archive }, 'Archive/2023', '/', '/m/acct/arch.2023'],
  [
    'a Far box renamed INBOX',
    { ...legacy, boxRename: { far: 'Archive', near: 'INBOX' } },
    'Archive/2023',
    '/',
    '/m/inbox/.2023',
  ],
  [
    'a Far box renamed, in UTF-7',
    { ...verbatim, boxRename: { far: '&ANw-ber', near: 'u' } },
    'Über/a',
    '/',
    '/m/acct/u/a',
  ],
  ['a Far box renamed to nothing', { ...verbatim, boxRename: toNothing }, 'INBOX/Sub', '/', '/m/acct/Sub'],
  ['a Far box renamed to nothing, Maildir++', { ...maildirPP, boxRename: toNothing }, 'INBOX/Sub', '/', '/m/box/..Sub'],
  [
    'a Path prefix makes "cur" a name',
    { ...maildirPP, subFolders: 'verbatim', folderPrefix: 'x' },
    'cur',
    '/',
    '/m/box/xcur',
  ],
];

for (const [label, layout, name, delimiter, expected] of mapped) {
  test(`maps ${label}`, () => {
    assert.equal(mailboxLocalPath(layout, name, delimiter), expected);
  });
}

const rejected: [string, MailboxLayout, string, string | null, RegExp][] = [
  ['../../x', verbatim, '../../x', '/', /a part is "\.\."/],
  ['a/../../b', verbatim, 'a/../../b', '/', /a part is "\.\."/],
  ['.', verbatim, '.', '/', /a part is "\."/],
  ['..', verbatim, '..', null, /a part is "\.\."/],
  ['"/" inside a component', verbatim, 'a/b', '.', /contains "\/"/],
  ['"/" with no delimiter', verbatim, '../etc', null, /contains "\/"/],
  ['empty component', verbatim, 'a//b', '/', /empty part/],
  ['trailing delimiter', verbatim, 'a/', '/', /empty part/],
  ['empty name', verbatim, '', '/', /empty part/],
  ['NUL', verbatim, 'a\0b', '/', /control characters/],
  ['ESC', verbatim, 'a\u001b]0;pwned\u0007', '/', /control characters/],
  ['DEL', verbatim, 'a\u007f', '/', /control characters/],
  ['C1', verbatim, 'a\u009bb', '/', /control characters/],
  ['leading dot in verbatim', verbatim, '.hidden', '/', /starts with "\."/],
  ['leading dot deeper', verbatim, 'a/.b', '/', /starts with "\."/],
  // mbsync keeps it in Path itself, which is no folder of the tree: it is left out of the listing.
  ['a Far box renamed to nothing: the box itself', { ...verbatim, boxRename: toNothing }, 'INBOX', '/', /empty part/],
  ['leading dot deeper under a Path prefix', { ...verbatim, folderPrefix: 'x' }, 'a/.b', '/', /starts with "\."/],
  [
    'leading dot in an INBOX child under a Path prefix',
    { ...flat, folderPrefix: 'x' },
    'INBOX/.b',
    '/',
    /starts with "\."/,
  ],
  ['dot inside a Maildir++ part', maildirPP, 'v1.2', '/', /Maildir\+\+ separator/],
  ['Flatten delimiter inside a part', flat, 'a.b/c', '/', /Flatten delimiter/],
  ['sub-folder named like a Maildir dir', verbatim, 'a/cur', '/', /collide with a Maildir sub-directory/],
  ['INBOX child named tmp', verbatim, 'INBOX/tmp', '/', /collide with a Maildir sub-directory/],
  ['component over 255 bytes', verbatim, 'é'.repeat(128), '/', /longer than 255 bytes/],
  [
    '5,000-char name',
    verbatim,
    Array.from({ length: 50 }, () => 'x'.repeat(99)).join('/'),
    '/',
    /local path would be longer/,
  ],
];

for (const [label, layout, name, delimiter, reason] of rejected) {
  test(`rejects ${label}`, () => {
    assert.throws(
      () => mailboxLocalPath(layout, name, delimiter),
      (error: unknown) => {
        assert.ok(error instanceof MailboxNameError);
        assert.match(error.message, reason);
        assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(error.message), 'message is one printable line');
        assert.ok(error.message.length < 300);
        return true;
      },
    );
  });
}

test('a hostile name never resolves outside its root, whatever the layout', () => {
  const hostile = ['../x', 'a/../../b', '..', '.', 'INBOX/../..', 'a/./b', '/abs', 'x/..'];
  for (const layout of [verbatim, maildirPP, legacy, flat]) {
    for (const name of hostile) {
      for (const delimiter of ['/', '.', null]) {
        let result: string | undefined;
        try {
          result = mailboxLocalPath(layout, name, delimiter);
        } catch (error) {
          assert.ok(error instanceof MailboxNameError);
          continue;
        }
        const inside = (root: string) => result.startsWith(`${root}/`) || result === root;
        assert.ok(inside(layout.localPath) || inside(layout.inboxPath), `${name} (${delimiter}) → ${result}`);
      }
    }
  }
});

test('the error shows the name escaped, never raw bidi or C1 characters', () => {
  assert.throws(() => mailboxLocalPath(verbatim, '\u202e/../x', '/'), /"\\u202e\/\.\.\/x"/);
});

test('detectPathCollisions reports names that share one local folder', () => {
  const collisions = detectPathCollisions(
    verbatim,
    ['Caf\u00e9', 'Cafe\u0301', 'INBOX/x', 'Inbox/x', 'solo', '../bad'],
    '/',
  );
  assert.deepEqual(collisions, [
    { path: '/m/acct/Caf\u00e9', names: ['Caf\u00e9', 'Cafe\u0301'] },
    { path: '/m/acct/INBOX/x', names: ['INBOX/x', 'Inbox/x'] },
  ]);
  assert.deepEqual(detectPathCollisions(flat, ['a/b', 'a/c'], '/'), []);
});
