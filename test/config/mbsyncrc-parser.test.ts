import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseMbsyncrc } from '../../src/config/mbsyncrc-parser.js';
import { ConfigError } from '../../src/config/errors.js';
import type { AccountConfig } from '../../src/config/types.js';

const home = '/home/u';
const opts = { path: '/home/u/.mbsyncrc', home, env: {} as Record<string, string | undefined> };
const parse = (text: string) => parseMbsyncrc(text, opts);

interface Parts {
  globals?: string[];
  account?: string[];
  store?: string[];
  maildir?: string[];
  channel?: string[];
}
/** A minimal valid config; each part's extra lines go at the end of its section (a UserCmd or Pass replaces the User or PassCmd). */
function rc({ globals = [], account = [], store = [], maildir = [], channel = [] }: Parts = {}): string {
  const has = (keyword: string) => account.some((line) => line.startsWith(`${keyword} `));
  return [
    ...globals,
    '',
    'IMAPAccount acct',
    'Host imap.example.org',
    ...(has('UserCmd') ? [] : ['User me']),
    ...(has('Pass') ? [] : ['PassCmd "echo pw"']),
    ...account,
    '',
    'IMAPStore remote',
    'Account acct',
    ...store,
    '',
    'MaildirStore local',
    'Path ~/Mail/x/',
    'Inbox ~/Mail/x/Inbox',
    ...maildir,
    '',
    'Channel ch',
    'Far :remote:',
    'Near :local:',
    ...channel,
    '',
  ].join('\n');
}
const only = (text: string): AccountConfig => {
  const { accounts } = parse(text);
  assert.equal(accounts.length, 1);
  return accounts[0]!;
};

test('the blog config imports into two accounts as described', () => {
  const text = readFileSync(new URL('../fixtures/mbsyncrc/blog.mbsyncrc', import.meta.url), 'utf8');
  const { accounts, warnings, mapping } = parse(text);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    accounts.map((a) => a.name),
    ['fastmail', 'gmail'],
  );
  const [fastmail, gmail] = accounts as [AccountConfig, AccountConfig];
  for (const [account, name, host] of [
    [fastmail, 'fastmail', 'imap.fastmail.com'],
    [gmail, 'gmail', 'imap.gmail.com'],
  ] as const) {
    assert.equal(account.host, host);
    assert.equal(account.port, 993);
    assert.equal(account.tls, 'imaps');
    assert.deepEqual(account.password, { kind: 'command', command: `pass mbsync/${name}` });
    assert.equal(account.localPath, `/home/u/Mail/${name}`);
    assert.equal(account.inboxPath, `/home/u/Mail/${name}/Inbox`);
    assert.equal(account.subFolders, 'verbatim');
    assert.deepEqual(account.patterns, ['*']);
    assert.equal(account.deletions, 'mirror');
    assert.equal(account.copyArrivalDate, true);
    assert.equal(account.timeoutSeconds, 20);
    assert.equal(account.stateDir, `/home/u/.local/state/mailkeep/${name}`);
    assert.equal(account.remotePrefix, undefined);
  }
  assert.equal(fastmail.user, 'jane@fastmail.com');
  assert.equal(fastmail.concurrency, 4);
  assert.equal(fastmail.dailyBudgetBytes, null);
  assert.equal(gmail.concurrency, 1, 'PipelineDepth 1 limits connections');
  assert.equal(gmail.dailyBudgetBytes, 2_500_000_000);
  const expunge = mapping.find((m) => m.text === 'Expunge Slave');
  assert.deepEqual(expunge && [expunge.line, expunge.outcome, expunge.note], [25, 'mapped', 'deletions: mirror']);
  assert.equal(mapping.find((m) => m.text === 'SyncState *')?.outcome, 'mapped', "read to continue mbsync's backup");
});

const keywordCases: [string, Parts, (a: AccountConfig) => unknown, unknown][] = [
  [
    'defaults: STARTTLS on 143',
    {},
    (a) => [a.tls, a.port, a.timeoutSeconds, a.copyArrivalDate, a.deletions, a.patterns],
    ['starttls', 143, 20, false, 'keep', ['INBOX']],
  ],
  ['Port', { account: ['Port 1993'] }, (a) => a.port, 1993],
  ['SSLType IMAPS sets port 993', { account: ['SSLType IMAPS'] }, (a) => [a.tls, a.port], ['imaps', 993]],
  ['TLSType STARTTLS', { account: ['TLSType starttls'] }, (a) => a.tls, 'starttls'],
  ['SSLType None', { account: ['SSLType None'] }, (a) => a.tls, 'none'],
  ['User with quotes', { account: ['User "a b@example.org"'] }, (a) => a.user, 'a b@example.org'],
  ['UserCmd with +', { account: ['UserCmd "+get-user --x"'] }, (a) => a.userCommand, 'get-user --x'],
  ['Pass', { account: ['Pass "se cret"'] }, (a) => a.password, { kind: 'plain', password: 'se cret' }],
  [
    'PassCmd with + and escapes',
    { account: ['PassCmd "+gpg -d \\"a b\\" \\\\x"'] },
    (a) => a.password,
    { kind: 'command', command: 'gpg -d "a b" \\x' },
  ],
  ['SSLVersions list', { account: ['SSLVersions TLSv1.2 TLSv1.3'] }, (a) => a.minTlsVersion, 'TLSv1.2'],
  ['TLSVersions relative', { account: ['TLSVersions -TLSv1 -TLSv1.1'] }, (a) => a.minTlsVersion, 'TLSv1.2'],
  // isync 1.5's man page: "{+|-}{1.0|1.1|1.2|1.3} ... Add/remove ... (Default: All starting with 1.2)".
  ['TLSVersions adds to 1.5 default', { account: ['TLSVersions +1.1'] }, (a) => a.minTlsVersion, 'TLSv1.1'],
  ['TLSVersions removes from 1.5 default', { account: ['TLSVersions -1.2'] }, (a) => a.minTlsVersion, 'TLSv1.3'],
  [
    'CertificateFile expands ~',
    { account: ['CertificateFile ~/certs/ca.pem'] },
    (a) => a.certificateFile,
    '/home/u/certs/ca.pem',
  ],
  ['SystemCertificates', { account: ['SystemCertificates no'] }, (a) => a.systemCertificates, false],
  ['AuthMechs list', { account: ['AuthMechs login PLAIN'] }, (a) => a.authMechs, ['LOGIN', 'PLAIN']],
  ['AuthMechs *', { account: ['AuthMechs *'] }, (a) => a.authMechs, []],
  ['AuthMechs keeps order around *', { account: ['AuthMechs xoauth2 *'] }, (a) => a.authMechs, ['XOAUTH2', '*']],
  ['PipelineDepth', { account: ['PipelineDepth 2'] }, (a) => a.concurrency, 2],
  // Older spellings mbsync 1.4 still reads.
  [
    'Host imaps:HOST',
    { account: ['Host imaps:mail.example.org'] },
    (a) => [a.host, a.tls, a.port],
    ['mail.example.org', 'imaps', 993],
  ],
  [
    'Host imap://HOST',
    { account: ['Host imap://mail.example.org'] },
    (a) => [a.host, a.tls],
    ['mail.example.org', 'starttls'],
  ],
  ['UseIMAPS yes', { account: ['UseIMAPS yes'] }, (a) => [a.tls, a.port], ['imaps', 993]],
  ['RequireSSL yes keeps STARTTLS', { account: ['RequireSSL yes', 'UseTLSv1.2 yes'] }, (a) => a.tls, 'starttls'],
  ['AuthMech', { account: ['AuthMech XOAUTH2'] }, (a) => a.authMechs, ['XOAUTH2']],
  ['SSLVersion', { account: ['SSLVersion TLSv1.3'] }, (a) => a.minTlsVersion, 'TLSv1.3'],
  ['Timeout', { account: ['Timeout 0'] }, (a) => a.timeoutSeconds, 0],
  ['IMAPStore Path is a server prefix', { store: ['Path INBOX.'] }, (a) => a.remotePrefix, 'INBOX.'],
  // As in mbsync: without Path, the server's personal NAMESPACE prefix is the Path (UseNamespace yes).
  ['no IMAPStore Path: the NAMESPACE prefix', {}, (a) => a.mbsync?.namespacePrefix, true],
  ['UseNamespace no', { store: ['UseNamespace no'] }, (a) => a.mbsync?.namespacePrefix, false],
  [
    'a Path wins over NAMESPACE',
    { store: ['Path INBOX.', 'UseNamespace yes'] },
    (a) => a.mbsync?.namespacePrefix,
    false,
  ],
  ['MaildirStore Path with $HOME', { maildir: ['Path $HOME/mail/'] }, (a) => a.localPath, '/home/u/mail'],
  ['MaildirStore Inbox', { maildir: ['Inbox ~/in'] }, (a) => a.inboxPath, '/home/u/in'],
  ['SubFolders Legacy', { maildir: ['SubFolders Legacy'] }, (a) => a.subFolders, 'legacy'],
  ['MaildirStore Flatten', { maildir: ['Flatten .'] }, (a) => a.flatten, '.'],
  ['MaildirStore MaxSize', { maildir: ['MaxSize 500k'] }, (a) => a.maxMessageBytes, 500 * 1024],
  [
    'Channel MaxSize wins',
    { maildir: ['MaxSize 500k'], channel: ['MaxSize 10M'] },
    (a) => a.maxMessageBytes,
    10 * 1024 * 1024,
  ],
  ['MaxSize 0 is unlimited', { channel: ['MaxSize 0'] }, (a) => a.maxMessageBytes, null],
  [
    'Far sub path is a remote prefix',
    { channel: ['Far :remote:[Gmail]/', 'Patterns *'] },
    (a) => [a.remotePrefix, a.patterns],
    ['[Gmail]/', ['*']],
  ],
  [
    'Far box without Patterns is the mailbox',
    { channel: ['Far :remote:Archive'] },
    (a) => [a.remotePrefix, a.patterns],
    [undefined, ['Archive']],
  ],
  [
    'Near sub path with Patterns is a local prefix, INBOX included (as mbsync stores it)',
    { channel: ['Near :local:sub/dir/', 'Patterns *'] },
    (a) => [a.localPath, a.inboxPath, a.nearMailbox, a.mbsync?.nearBox],
    ['/home/u/Mail/x/sub/dir', '/home/u/Mail/x/sub/dir/INBOX', undefined, 'sub/dir/'],
  ],
  [
    'Near box without Patterns is the one local mailbox (as mbsync stores it)',
    { channel: ['Far :remote:"[Gmail]/Sent Mail"', 'Near :local:sent'] },
    (a) => [a.localPath, a.nearMailbox, a.patterns, a.mbsync?.farBox, a.mbsync?.nearBox],
    ['/home/u/Mail/x', 'sent', ['[Gmail]/Sent Mail'], '', ''],
  ],
  ['no Near box without Patterns is INBOX', { channel: ['Far :remote:Archive'] }, (a) => a.nearMailbox, 'INBOX'],
  ['Master/Slave', { channel: ['Master :remote:', 'Slave :local:'] }, (a) => a.localPath, '/home/u/Mail/x'],
  [
    'Patterns accumulate, quoted names',
    { channel: ['Patterns % !Trash', 'Pattern "Sent Items"'] },
    (a) => a.patterns,
    ['%', '!Trash', 'Sent Items'],
  ],
  ['Sync Pull + Expunge Near ⇒ mirror', { channel: ['Sync Pull', 'Expunge Near'] }, (a) => a.deletions, 'mirror'],
  [
    'Sync lines add up, as in mbsync',
    { channel: ['Sync PullDelete', 'Sync PullNew', 'Expunge Near'] },
    (a) => a.deletions,
    'mirror',
  ],
  ['Expunge Far Near is Both', { channel: ['Sync Pull', 'Expunge Far Near'] }, (a) => a.deletions, 'mirror'],
  ['default Sync (All) + Expunge Both ⇒ mirror', { channel: ['Expunge Both'] }, (a) => a.deletions, 'mirror'],
  [
    'Sync without deletions ⇒ keep',
    { channel: ['Sync PullNew PullFlags', 'Expunge Slave'] },
    (a) => a.deletions,
    'keep',
  ],
  ['Sync Pull New Flags ⇒ keep', { channel: ['Sync Pull New Flags', 'Expunge Slave'] }, (a) => a.deletions, 'keep'],
  ['Expunge Far ⇒ keep', { channel: ['Expunge Master'] }, (a) => a.deletions, 'keep'],
  ['Expunge None ⇒ keep', { channel: ['Sync Pull', 'Expunge None'] }, (a) => a.deletions, 'keep'],
  // isync 1.5's man page: "Together with Sync Gone, this allows actual mirroring of expunges."
  [
    'Sync Gone + ExpungeSolo Near ⇒ mirror',
    { channel: ['Sync Gone', 'ExpungeSolo Near'] },
    (a) => a.deletions,
    'mirror',
  ],
  ['global ExpungeSolo Both ⇒ mirror', { globals: ['ExpungeSolo Both'] }, (a) => a.deletions, 'mirror'],
  ['Sync New + ExpungeSolo Near ⇒ keep', { channel: ['Sync New', 'ExpungeSolo Near'] }, (a) => a.deletions, 'keep'],
  [
    'global Sync/Expunge/CopyArrivalDate',
    { globals: ['Sync Pull', 'Expunge Slave', 'CopyArrivalDate yes'] },
    (a) => [a.deletions, a.copyArrivalDate],
    ['mirror', true],
  ],
  [
    'channel overrides globals',
    { globals: ['CopyArrivalDate yes'], channel: ['CopyArrivalDate no'] },
    (a) => a.copyArrivalDate,
    false,
  ],
  [
    'keywords are case-insensitive',
    { account: ['HOST imap.x.org', 'sSLtYPE imaps'] },
    (a) => [a.host, a.tls],
    ['imap.x.org', 'imaps'],
  ],
  ['trailing comment after the value', { account: ['Port 1143 # test server'] }, (a) => a.port, 1143],
  [
    'Gmail host defaults',
    { account: ['Host imap.gmail.com'] },
    (a) => [a.concurrency, a.dailyBudgetBytes],
    [2, 2_500_000_000],
  ],
];

test('a BOM, CRLF line ends and trailing blanks read like a plain file', () => {
  const lines = rc({ account: ['Port 1143  ', 'User "me" \t'] })
    .split('\n')
    .slice(1); // the BOM right before IMAPAccount
  assert.deepEqual(
    only(`\uFEFF${lines.join('\r\n')}`),
    only(lines.join('\n').replace('User "me" \t', 'User me').replace('Port 1143  ', 'Port 1143')),
  );
});

for (const [name, parts, pick, expected] of keywordCases) {
  test(`keyword: ${name}`, () => assert.deepEqual(pick(only(rc(parts))), expected));
}

test('SubFolders Maildir++ puts everything under Inbox', () => {
  const text = rc().replace('Path ~/Mail/x/\n', 'SubFolders Maildir++\n');
  assert.deepEqual(pick2(only(text)), ['maildir++', '/home/u/Mail/x/Inbox']);
  function pick2(a: AccountConfig) {
    return [a.subFolders, a.localPath];
  }
});

test('an IMAPStore may hold the account fields inline', () => {
  const text = [
    'IMAPStore remote',
    'Host imap.inline.org',
    'User u',
    'Pass p',
    '',
    'MaildirStore local',
    'Path ~/M/',
    '',
    'Channel ch',
    'Far :remote:',
    'Near :local:',
  ].join('\n');
  const a = only(text);
  assert.deepEqual(
    [a.host, a.user, a.password, a.inboxPath, a.localPath],
    ['imap.inline.org', 'u', { kind: 'plain', password: 'p' }, '/home/u/Maildir', '/home/u/M'],
  );
});

test('no Pass or PassCmd: password from an environment variable, with a warning', () => {
  const a = only(rc().replace('PassCmd "echo pw"\n', ''));
  assert.deepEqual(a.password, { kind: 'env', variable: 'MAILKEEP_PASSWORD_ACCT' });
  assert.match(
    parse(rc().replace('PassCmd "echo pw"\n', '')).warnings.join('\n'),
    /^~\/\.mbsyncrc:2: .*\$MAILKEEP_PASSWORD_ACCT/m,
  );
});

test('a PassCmd is masked in the mapping (it may spell out a password)', () => {
  const { mapping } = parse(rc().replace('PassCmd "echo pw"', 'PassCmd "echo hunter2"'));
  assert.equal(mapping.find((m) => m.text.startsWith('PassCmd '))?.text, 'PassCmd ********');
  assert.ok(!JSON.stringify(mapping).includes('hunter2'));
});

for (const line of ['Pass my hunter2', 'PassCmd echo hunter2']) {
  test(`an unquoted ${line.split(' ')[0]} with spaces fails without showing its words`, () => {
    const text = rc().replace('PassCmd "echo pw"', line);
    assert.throws(
      () => parse(text),
      (e: unknown) =>
        e instanceof ConfigError &&
        /^~\/\.mbsyncrc:5: Pass(Cmd)? takes one value, found more \(quote a value with spaces\)$/.test(e.message) &&
        !e.message.includes('hunter2'),
    );
  });
}

test('Tunnel: the command is the connection; without Host or User, named tunnel, SSLType None as in mbsync', () => {
  const tunnel = '/usr/lib/dovecot/imap';
  const text = rc({ account: [`Tunnel "${tunnel}"`] })
    .replace('Host imap.example.org\n', '')
    .replace('User me\n', '');
  const { accounts, mapping } = parse(text);
  assert.deepEqual(
    [accounts[0]?.tunnel, accounts[0]?.host, accounts[0]?.tls, accounts[0]?.user],
    [tunnel, 'tunnel', 'none', ''],
  );
  assert.equal(mapping.find((m) => m.text.startsWith('Tunnel '))?.outcome, 'mapped');
  // With a Host, TLS as asked: the Host names the certificate.
  const [secure] = parse(rc({ account: ['Tunnel "ssh mail nc localhost 993"', 'SSLType IMAPS'] })).accounts;
  assert.deepEqual([secure?.host, secure?.tls], ['imap.example.org', 'imaps']);
});

test('a plain Pass is masked in the mapping and warned about', () => {
  const { mapping, warnings } = parse(rc({ account: ['Pass hunter2'] }));
  const entry = mapping.find((m) => m.text.startsWith('Pass '));
  assert.equal(entry?.text, 'Pass ********');
  assert.equal(entry?.outcome, 'warning');
  assert.ok(!JSON.stringify({ mapping, warnings }).includes('hunter2'));
});

const warningCases: [string, Parts, RegExp][] = [
  ['Sync Push', { channel: ['Sync Push'] }, /:\d+: Sync: .*push ignored \(pull-only\)/],
  ['Sync Full', { channel: ['Sync Full'] }, /Sync: .*push ignored/],
  ['Sync None', { channel: ['Sync None'] }, /Sync: pulls nothing; new messages are always fetched/],
  ['Expunge Far', { channel: ['Expunge Far'] }, /Expunge: never expunges on the server/],
  ['Create Far', { channel: ['Create Master'] }, /Create: never creates folders on the server/],
  ['Remove Both', { channel: ['Remove Both'] }, /Remove: never removes folders on the server/],
  ['SSLv3', { account: ['SSLVersions SSLv3 TLSv1.2'] }, /SSLv3 is not supported; minimum TLS: TLSv1\.2/],
  ['server-side Flatten', { store: ['Flatten .'] }, /Flatten on the server side is not supported/],
];
for (const [name, parts, pattern] of warningCases) {
  test(`warning: ${name}`, () => assert.match(parse(rc(parts)).warnings.join('\n'), pattern));
}

test('the import report names Far/Near boxes without calling them prefixes (they are not without Patterns)', () => {
  const { mapping } = parse(rc({ channel: ['Far :remote:Archive', 'Near :local:archive'] }));
  assert.deepEqual(
    ['Far :remote:Archive', 'Near :local:archive'].map((text) => mapping.find((m) => m.text === text)?.note),
    ['server: store remote, box Archive', 'local: store local, box archive'],
  );
});

test("a MaildirStore Path without its '/' puts folders where mbsync does: Path + name", () => {
  const { warnings, accounts } = parse(rc().replace('Path ~/Mail/x/\n', 'Path ~/Mail/x-\n'));
  assert.deepEqual(warnings, []);
  const [a] = accounts;
  assert.deepEqual([a?.localPath, a?.folderPrefix], ['/home/u/Mail', 'x-']);
  assert.equal(parse(rc()).accounts[0]?.folderPrefix, undefined);
});

test('a MaildirStore without SubFolders that Patterns can fill with nested folders is warned about once', () => {
  const text = rc({ channel: ['Patterns *'] }) + '\nChannel two\nFar :remote:\nNear :local:\nPatterns Archive/*\n';
  assert.deepEqual(parse(text).warnings, [
    '~/.mbsyncrc:10: MaildirStore local: no SubFolders; mbsync 1.4 stops at a nested folder (a/b), mailkeep stores it as SubFolders Verbatim',
  ]);
  for (const quiet of [rc({ channel: ['Patterns INBOX %'] }), rc({ maildir: ['Flatten .'], channel: ['Patterns *'] })])
    assert.deepEqual(parse(quiet).warnings, []);
});

test('a MaildirStore without Path serves INBOX and its children, as in mbsync', () => {
  for (const patterns of ['INBOX', 'INBOX INBOX/*', 'INBOX* !Sent']) {
    const [a] = parse(rc({ channel: [`Patterns ${patterns}`] }).replace('Path ~/Mail/x/\n', '')).accounts;
    assert.equal(a?.inboxPath, '/home/u/Mail/x/Inbox', patterns);
  }
  assert.equal(parse(rc().replace('Path ~/Mail/x/\n', '')).accounts.length, 1, 'no Patterns: the one mailbox INBOX');
});

test("a Near prefix without '/' starts each folder's name, INBOX's too, as mbsync names them", () => {
  for (const style of [[], ['SubFolders Legacy'], ['Flatten .']]) {
    const [a] = parse(rc({ maildir: style, channel: ['Near :local:gmail-', 'Patterns *'] })).accounts;
    assert.deepEqual(
      [a?.localPath, a?.inboxPath, a?.folderPrefix],
      ['/home/u/Mail/x', '/home/u/Mail/x/gmail-INBOX', 'gmail-'],
    );
  }
  const [nested] = parse(rc({ channel: ['Near :local:g/mail-', 'Patterns *'] })).accounts;
  assert.deepEqual(
    [nested?.localPath, nested?.inboxPath, nested?.folderPrefix],
    ['/home/u/Mail/x/g', '/home/u/Mail/x/g/mail-INBOX', 'mail-'],
  );
});

test("a Near prefix with '/' is placed as mbsync places it in each SubFolders style, under INBOX/ in the Inbox", () => {
  const maildirPP = (text: string) =>
    text.replace('Path ~/Mail/x/\n', '').replace('Inbox ~/Mail/x/Inbox', 'Inbox ~/Mail/x\nSubFolders Maildir++');
  const cases: [string, string, string[], string[]][] = [
    // [near prefix, how, maildir lines, [localPath, inboxPath, folderPrefix]] with Path ~/Mail/x/, Inbox ~/Mail/x/Inbox
    ['INBOX/', 'Verbatim', [], ['/home/u/Mail/x/Inbox', '/home/u/Mail/x/Inbox/INBOX', '']],
    ['INBOX/old-', 'Verbatim', [], ['/home/u/Mail/x/Inbox', '/home/u/Mail/x/Inbox/old-INBOX', 'old-']],
    ['old/', 'Legacy', ['SubFolders Legacy'], ['/home/u/Mail/x/old', '/home/u/Mail/x/old/.INBOX', '.']],
    ['a/b/c-', 'Legacy', ['SubFolders Legacy'], ['/home/u/Mail/x/a/.b', '/home/u/Mail/x/a/.b/.c-INBOX', '.c-']],
    ['INBOX/', 'Legacy', ['SubFolders Legacy'], ['/home/u/Mail/x/Inbox', '/home/u/Mail/x/Inbox/.INBOX', '.']],
    ['old/', 'Flatten', ['SubFolders Verbatim', 'Flatten .'], ['/home/u/Mail/x', '/home/u/Mail/x/old.INBOX', 'old.']],
    ['INBOX/', 'Flatten', ['Flatten .'], ['/home/u/Mail/x', '/home/u/Mail/x/INBOX.INBOX', 'INBOX.']],
    ['work/', 'Maildir++', [], ['/home/u/Mail/x', '/home/u/Mail/x/.work.INBOX', '.work.']],
    ['work-', 'Maildir++', [], ['/home/u/Mail/x', '/home/u/Mail/x/.work-INBOX', '.work-']],
    ['INBOX/', 'Maildir++', [], ['/home/u/Mail/x', '/home/u/Mail/x/..INBOX', '..']],
  ];
  for (const [prefix, how, maildir, expected] of cases) {
    const text = rc({ maildir, channel: [`Near :local:${prefix}`, 'Patterns *'] });
    const [a] = parse(how === 'Maildir++' ? maildirPP(text) : text).accounts;
    assert.deepEqual([a?.localPath, a?.inboxPath, a?.folderPrefix ?? ''], expected, `${how} ${prefix}`);
  }
});

test("a Near prefix with Patterns goes after a Path written without its '/'", () => {
  const text = rc({ channel: ['Patterns *'] })
    .replace('Path ~/Mail/x/\n', 'Path ~/Mail/x-\n')
    .replace(/^Near :local:.*$/m, 'Near :local:gmail/');
  const [a] = parse(text).accounts;
  assert.deepEqual(
    [a?.localPath, a?.inboxPath, a?.folderPrefix],
    ['/home/u/Mail/x-gmail', '/home/u/Mail/x-gmail/INBOX', undefined],
  );
});

test('ignored keywords are listed in the mapping, not warned about', () => {
  // ExpireSide is mbsync 1.5's: a config written for it is read too.
  const lines = ['MaxMessages 100', 'Remove Near', 'ExpireUnread no', 'ExpireSide Near'];
  const { warnings, mapping } = parse(rc({ channel: lines }));
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    mapping.filter((m) => m.outcome === 'ignored').map((m) => m.text),
    lines,
  );
});

test('ExpireSide Far would expire on the server: ignored with a warning naming its line, as Expunge Far', () => {
  const text = rc({ globals: ['ExpireSide far'], channel: ['MaxMessages 10', 'ExpireSide Far'] });
  const { accounts, warnings } = parse(text);
  assert.equal(accounts.length, 1);
  assert.deepEqual(warnings, [
    '~/.mbsyncrc:1: ExpireSide: default for all channels: never expires messages on the server (pull-only)',
    `~/.mbsyncrc:${text.split('\n').indexOf('ExpireSide Far') + 1}: ExpireSide: never expires messages on the server (pull-only)`,
  ]);
});

test('Expunge note says keep when Sync does not pull deletions', () => {
  const { mapping } = parse(rc({ channel: ['Expunge Near', 'Sync PullNew'] }));
  assert.equal(mapping.find((m) => m.text === 'Expunge Near')?.note, 'deletions: keep (Sync does not pull deletions)');
});

test('Group and Channels', () => {
  const text = `${rc()}\nGroup all ch\nChannels ch:INBOX,Sent\nChannel nope\n`;
  const { groups, warnings } = parse(text);
  assert.deepEqual(groups, { all: ['ch', 'ch:INBOX,Sent', 'nope'] });
  assert.match(warnings.join('\n'), /:\d+: Group all: unknown Channel 'nope'/);
});

test('a Maildir far store is skipped with a warning', () => {
  const text = rc().replace('Far :remote:', 'Far :local:');
  const { accounts, warnings } = parse(text);
  assert.equal(accounts.length, 0);
  assert.match(warnings.join('\n'), /Channel ch: mailkeep only pulls an IMAPStore/);
});

test('stateDir honours XDG_STATE_HOME and makes the name safe', () => {
  const text = rc().replace('Channel ch', 'Channel "../a b"');
  const [a] = parseMbsyncrc(text, { ...opts, env: { XDG_STATE_HOME: '/state' } }).accounts;
  assert.equal(a?.stateDir, '/state/mailkeep/%2E.%2Fa%20b');
});

const errorCases: [string, string, RegExp][] = [
  ['missing closing quote', rc({ account: ['PassCmd "pass x'] }), /^~\/\.mbsyncrc:6: missing closing quote$/],
  ['unterminated escape', rc({ account: ['User me\\'] }), /^~\/\.mbsyncrc:6: unterminated escape/],
  [
    'missing Host and Tunnel',
    rc().replace('Host imap.example.org\n', ''),
    /^~\/\.mbsyncrc:2: IMAPAccount acct: has no Host or Tunnel$/,
  ],
  [
    'Tunnel with SSLType IMAPS but no Host to check the certificate against',
    rc({ account: ['Tunnel "ssh mail imapd"', 'SSLType IMAPS'] }).replace('Host imap.example.org\n', ''),
    /^~\/\.mbsyncrc:2: IMAPAccount acct: needs Host with Tunnel and SSLType IMAPS or STARTTLS, to check the server's certificate$/,
  ],
  ['missing User', rc().replace('User me\n', ''), /^~\/\.mbsyncrc:2: IMAPAccount acct: has no User or UserCmd$/],
  [
    'IMAPStore without Account or Host',
    rc().replace('\nAccount acct\n', '\n'),
    /^~\/\.mbsyncrc:\d+: IMAPStore remote: needs an Account, a Host or a Tunnel$/,
  ],
  ['Channel without Far', rc().replace('Far :remote:\n', ''), /Channel ch: has no Far \(Master\) store$/],
  [
    'UseIMAPS after SSLType (mbsync refuses both)',
    rc({ account: ['SSLType IMAPS', 'UseIMAPS yes'] }),
    /^~\/\.mbsyncrc:7: UseIMAPS cannot be combined with SSLType, SSLVersions or an imaps: Host$/,
  ],
  [
    'SSLVersions after RequireSSL',
    rc({ account: ['RequireSSL yes', 'SSLVersions TLSv1.2'] }),
    /^~\/\.mbsyncrc:7: SSLVersions cannot be combined with line 6 \(UseIMAPS, RequireSSL, UseTLS\*\)$/,
  ],
  [
    'global option after a section',
    `${rc()}\nSync Pull\n`,
    /^~\/\.mbsyncrc:\d+: Sync: global options must come before/,
  ],
  ['global MaxSize', rc({ globals: ['MaxSize 1m'] }), /^~\/\.mbsyncrc:1: MaxSize is no global option/],
  [
    'Pass beside PassCmd',
    rc().replace('PassCmd "echo pw"\n', 'PassCmd "echo pw"\nPass pw\n'),
    /^~\/\.mbsyncrc:6: Pass and PassCmd cannot both be given/,
  ],
  [
    'UserCmd beside User',
    rc().replace('User me\n', 'User me\nUserCmd "echo me"\n'),
    /^~\/\.mbsyncrc:5: User and UserCmd cannot both be given/,
  ],
  [
    'a MaildirStore without Path for folders other than INBOX (mbsync: "store has no Path")',
    rc({ channel: ['Patterns INBOX Sent'] }).replace('Path ~/Mail/x/\n', ''),
    /^~\/\.mbsyncrc:\d+: MaildirStore local has no Path; mbsync needs one for 'Sent' \(Channel ch\)$/,
  ],
  [
    'a MaildirStore without Path for a flattened INBOX child',
    rc({ maildir: ['Flatten .'], channel: ['Patterns INBOX/*'] }).replace('Path ~/Mail/x/\n', ''),
    /MaildirStore local has no Path; mbsync needs one for 'INBOX\/\*'/,
  ],
  [
    "a near prefix with '.' in a Maildir++ store (mbsync refuses each folder: no dots in Maildir++ names)",
    rc({ channel: ['Near :local:work.', 'Patterns *'] })
      .replace('Path ~/Mail/x/\n', '')
      .replace('Inbox ~/Mail/x/Inbox', 'Inbox ~/Mail/x\nSubFolders Maildir++'),
    /^~\/\.mbsyncrc:\d+: Channel ch: near prefix 'work\.': SubFolders Maildir\+\+ takes no '\.' in it \(mbsync refuses every folder\); write 'work\/' \(Sent at Inbox\/\.work\.Sent\)$/,
  ],
  [
    'unknown keyword (mbsync refuses it too)',
    rc({ account: ['Frobnicate yes'] }),
    /^~\/\.mbsyncrc:6: Frobnicate: unknown keyword in IMAPAccount acct$/,
  ],
  ['misspelt Patterns', rc({ channel: ['Patern *'] }), /^~\/\.mbsyncrc:\d+: Patern: unknown keyword in Channel ch$/],
  ['unknown global keyword', rc({ globals: ['Whatever 1'] }), /^~\/\.mbsyncrc:1: Whatever: unknown keyword$/],
  [
    'Flatten with a slash',
    rc({ maildir: ['Flatten /'] }),
    /^~\/\.mbsyncrc:\d+: Flatten: the delimiter cannot contain '\/'/,
  ],
  [
    'a Channel above its stores (mbsync reads sections in order)',
    `Channel ch\nFar :remote:\nNear :local:\n${rc().split('Channel ch')[0]}`,
    /^~\/\.mbsyncrc:2: Channel ch: store 'remote' is defined below, on line \d+; mbsync needs it above$/,
  ],
  [
    'an IMAPStore above its IMAPAccount',
    `IMAPStore early\nAccount acct\n\n${rc().replace('Far :remote:', 'Far :early:')}`,
    /^~\/\.mbsyncrc:2: IMAPStore early: IMAPAccount 'acct' is defined below, on line 5; mbsync needs it above$/,
  ],
  [
    'an IMAPStore with an Account and its own Host',
    rc({ store: ['Host other.example.org'] }),
    /^~\/\.mbsyncrc:\d+: IMAPStore remote: has both Account and account settings/,
  ],
  ['Expunge Both, then Near', rc({ channel: ['Expunge Both', 'Expunge Near'] }), /:\d+: Expunge: Both conflicts/],
  ['UseIMAPS with a bad boolean', rc({ account: ['UseIMAPS maybe'] }), /UseIMAPS: invalid boolean value 'maybe'/],
  ['Channel without Near', rc().replace('Near :local:\n', ''), /Channel ch: has no Near \(Slave\) store$/],
  [
    'unknown store',
    rc().replace('Near :local:', 'Near :nowhere:'),
    /^~\/\.mbsyncrc:16: Channel ch: unknown store 'nowhere'$/,
  ],
  [
    'unknown IMAPAccount',
    rc().replace('\nAccount acct', '\nAccount other'),
    /^~\/\.mbsyncrc:8: IMAPStore remote: unknown IMAPAccount 'other'$/,
  ],
  [
    'malformed Far',
    rc().replace('Far :remote:', 'Far remote'),
    /Far: expected :store: or :store:mailbox, found 'remote'/,
  ],
  [
    'Port out of range',
    rc({ account: ['Port 70000'] }),
    /^~\/\.mbsyncrc:6: Port: invalid number '70000' \(must be 1–65535\)$/,
  ],
  ['Port not a number', rc({ account: ['Port abc'] }), /Port: invalid number 'abc'/],
  ['bad SSLType', rc({ account: ['SSLType SSL'] }), /SSLType: invalid value 'SSL' \(use IMAPS, STARTTLS or None\)/],
  ['bad TLS version', rc({ account: ['TLSVersions TLSv9'] }), /unknown TLS version 'TLSv9'/],
  ['only SSLv3', rc({ account: ['SSLVersions SSLv3'] }), /no usable TLS version left/],
  ['bad boolean', rc({ channel: ['CopyArrivalDate maybe'] }), /CopyArrivalDate: invalid boolean value 'maybe'/],
  ['bad SubFolders', rc({ maildir: ['SubFolders Flat'] }), /SubFolders: invalid value 'Flat'/],
  [
    'Maildir++ with Path',
    rc({ maildir: ['SubFolders Maildir++'] }),
    /MaildirStore local: Path cannot be set with SubFolders Maildir\+\+/,
  ],
  ['bad Sync value', rc({ channel: ['Sync Sometimes'] }), /invalid Sync value 'Sometimes'/],
  ['Sync cell asserted twice', rc({ channel: ['Sync PullNew Pull'] }), /Sync selects pull new twice/],
  ['bad Expunge value', rc({ channel: ['Expunge Always'] }), /Expunge: invalid value 'Always'/],
  ['bad MaxSize', rc({ channel: ['MaxSize 10x'] }), /MaxSize: invalid size '10x'/],
  ['bad MaxMessages', rc({ channel: ['MaxMessages lots'] }), /MaxMessages: invalid number 'lots'/],
  ['value missing', rc({ account: ['Timeout'] }), /^~\/\.mbsyncrc:6: Timeout needs a value$/],
  ['excess value', rc({ account: ['Host a b'] }), /Host takes one value, found extra 'b'/],
  ['Patterns without value', rc({ channel: ['Patterns'] }), /Patterns needs a value/],
  ['section without a name', 'IMAPAccount\nHost x\n', /^~\/\.mbsyncrc:1: IMAPAccount needs a name$/],
  ['duplicate Channel', `${rc()}\nChannel ch\nFar :remote:\nNear :local:\n`, /Channel 'ch' is defined twice/],
  [
    '~user path',
    rc({ maildir: ['Path ~bob/Mail/'] }),
    /^~\/\.mbsyncrc:13: Path: '~bob' paths \(another user's home\) are not supported; write the full path$/,
  ],
  ['~user SyncState', rc({ channel: ['SyncState ~bob/state/'] }), /SyncState: '~bob' paths/],
  [
    'FieldDelimiter of two characters',
    rc({ globals: ['FieldDelimiter ;;'] }),
    /FieldDelimiter: must be one punctuation/,
  ],
  [
    'FieldDelimiter in a Channel',
    rc({ channel: ['FieldDelimiter ;'] }),
    /FieldDelimiter: unknown keyword in Channel ch/,
  ],
  [
    'Expunge and ExpungeSolo for one side',
    rc({ globals: ['Expunge Both'], channel: ['ExpungeSolo Near'] }),
    /^~\/\.mbsyncrc:\d+: Channel ch: both Expunge and ExpungeSolo for the near side \(mbsync refuses it too\)$/,
  ],
  ['ExpungeSolo bad side', rc({ channel: ['ExpungeSolo Up'] }), /ExpungeSolo: invalid value 'Up'/],
  [
    'ExpireSide bad side',
    rc({ channel: ['ExpireSide Both'] }),
    /^~\/\.mbsyncrc:\d+: ExpireSide: invalid value 'Both' \(use Far or Near\)$/,
  ],
  [
    'global ExpireSide bad side',
    rc({ globals: ['ExpireSide Slave'] }),
    /^~\/\.mbsyncrc:1: ExpireSide: invalid value 'Slave'/,
  ],
  ['ExpireSide without a value', rc({ channel: ['ExpireSide'] }), /ExpireSide needs a value$/],
  [
    'ExpireUnread not a boolean',
    rc({ channel: ['ExpireUnread maybe'] }),
    /ExpireUnread: invalid boolean value 'maybe'/,
  ],
  [
    'section without the blank line',
    rc().replace('\nIMAPStore remote', 'IMAPStore remote'),
    /IMAPStore starts a new section: end IMAPAccount acct with an empty line first/,
  ],
];
for (const [name, text, pattern] of errorCases) {
  test(`error: ${name}`, () => {
    assert.throws(
      () => parse(text),
      (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
    );
  });
}

test('keywords named like object properties are unknown keywords, not sections or handlers', () => {
  for (const keyword of ['constructor', '__proto__', 'hasOwnProperty']) {
    const places: [Parts, string][] = [
      [{ globals: [`${keyword} x`] }, ''],
      [{ store: [`${keyword} y`] }, ' in IMAPStore remote'],
      [{ channel: [`${keyword} z`] }, ' in Channel ch'],
    ];
    for (const [parts, where] of places) {
      assert.throws(
        () => parse(rc(parts)),
        (error: unknown) =>
          error instanceof ConfigError && new RegExp(`:\\d+: ${keyword}: unknown keyword${where}$`).test(error.message),
      );
    }
  }
});

test('the same box Far and Near with Patterns keeps the server names: the box goes in front of each pattern', () => {
  const text = rc({ channel: ['Patterns * !Old'] })
    .replace(/^Far :remote:$/m, 'Far :remote:"INBOX"')
    .replace(/^Near :local:$/m, 'Near :local:INBOX');
  const { accounts, warnings } = parse(text);
  const a = accounts[0]!;
  assert.deepEqual(
    [a.patterns, a.remotePrefix, a.localPath, a.inboxPath],
    [['INBOX*', '!INBOXOld'], undefined, '/home/u/Mail/x', '/home/u/Mail/x/Inbox'],
  );
  assert.deepEqual([a.mbsync?.farBox, a.mbsync?.nearBox], ['', '']);
  assert.deepEqual(
    warnings.filter((w) => /not synced/.test(w)),
    [],
  );
});

test('another Near box after a Far box without its "/" takes its place in each near name, the box itself included', () => {
  const text = rc({ channel: ['Patterns * !Old'] })
    .replace(/^Far :remote:$/m, 'Far :remote:"[Gmail]/Sent Mail"')
    .replace(/^Near :local:$/m, 'Near :local:sent');
  const { accounts, warnings } = parse(text);
  const a = accounts[0]!;
  assert.deepEqual(
    [a.patterns, a.remotePrefix, a.boxRename, a.localPath, a.folderPrefix, a.mbsync?.farBox, a.mbsync?.nearBox],
    [
      ['[Gmail]/Sent Mail*', '![Gmail]/Sent MailOld'],
      undefined,
      { far: '[Gmail]/Sent Mail', near: 'sent' },
      '/home/u/Mail/x',
      undefined,
      '',
      '',
    ],
  );
  assert.deepEqual(
    warnings.filter((w) => /not synced/.test(w)),
    [],
  );
  const gmail = rc({ channel: ['Patterns *'] })
    .replace(/^Far :remote:$/m, 'Far :remote:"[Gmail]/"')
    .replace(/^Near :local:$/m, 'Near :local:gmail/');
  assert.equal(parse(gmail).accounts[0]!.boxRename, undefined);
});

test('an empty Near box after a Far box without its "/": the box itself (Path itself in mbsync) is left out and said so', () => {
  const text = rc({ channel: ['Patterns *'] }).replace(/^Far :remote:$/m, 'Far :remote:INBOX');
  const { accounts, warnings } = parse(text);
  assert.deepEqual([accounts[0]!.patterns, accounts[0]!.boxRename], [['INBOX*', '!INBOX'], { far: 'INBOX', near: '' }]);
  assert.deepEqual(
    warnings.filter((w) => /not synced/.test(w)).map((w) => w.replace(/^.*?: /, '')),
    [
      "Channel ch: not synced: the Far box 'INBOX' itself, which mbsync stores in the Path directory itself (a Near box, e.g. 'INBOX', gives it a folder); 'INBOX/…' is synced",
    ],
  );
});

test('a Group defined again is warned about and the first one is used, as in mbsync', () => {
  const text = `${rc()}\nGroup g\nChannel ch\n\nGroup g\nChannel other\n`;
  const { groups, warnings } = parse(text);
  assert.deepEqual(groups, { g: ['ch'] });
  assert.match(warnings.join('\n'), /:\d+: Group: 'g' is defined again; the first \(line \d+\) is used, as in mbsync/);
});

test('AltMap yes is warned about: mbsync keeps its UIDs in a database mailkeep does not read', () => {
  assert.match(
    parse(rc({ maildir: ['AltMap yes'] })).warnings.join('\n'),
    /:\d+: AltMap: mbsync's UIDs are in its \.isyncuidmap\.db: its files are adopted by Message-ID and size/,
  );
  assert.deepEqual(parse(rc({ maildir: ['AltMap no'] })).warnings, []);
});

test("relative local paths start at the config file's directory (isync 1.5's man page)", () => {
  // "The reference point for relative local paths is the configuration file's containing directory."
  const text = rc({
    account: ['CertificateFile certs/ca.pem'],
    channel: ['SyncState state/'],
  }).replace('Path ~/Mail/x/\nInbox ~/Mail/x/Inbox', 'Path mail/\nInbox mail/Inbox');
  const [account] = parseMbsyncrc(text, { ...opts, path: '/home/u/.config/isyncrc' }).accounts;
  assert.deepEqual(
    [account?.localPath, account?.inboxPath, account?.certificateFile, account?.mbsync?.state],
    [
      '/home/u/.config/mail',
      '/home/u/.config/mail/Inbox',
      '/home/u/.config/certs/ca.pem',
      { kind: 'channel', prefix: '/home/u/.config/state/' },
    ],
  );
});

test("FieldDelimiter names mbsync's state files (isync prepare_state), anywhere outside a section", () => {
  const text = `${rc()}\nFieldDelimiter ;\n`;
  const { accounts } = parse(text);
  assert.deepEqual(accounts[0]?.mbsync?.state, {
    kind: 'global',
    prefix: '/home/u/.mbsync/',
    farStore: 'remote',
    nearStore: 'local',
    delimiter: ';',
  });
});
