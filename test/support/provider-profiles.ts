// The answer shapes of six providers people back up from, for the scripted server
// (fake-imap.ts): greetings, capabilities before and after login, how LIST names look, what EXAMINE
// says and how FETCH items are ordered. From public transcripts in other clients' bug reports
// (MailKit #358 for Yahoo, getmail6 #194 for 163.com, go-imap #524 / himalaya #651 for 163's ID
// rule) and the providers' documented capabilities. Quirks are kept: 163.com refuses EXAMINE
// before ID and sends no UIDNEXT; Exchange's RFC822.SIZE does not match the body it sends;
// Yahoo logs in with PLAIN without SASL-IR and names the inbox "Inbox".
import type { FakeMailbox, FakeMessage, FakeProfile } from './fake-imap-types.js';

export interface Provider {
  name: string;
  profile: FakeProfile;
  mailboxes: FakeMailbox[];
}

function message(uid: number, subject: string, extra: Partial<FakeMessage> = {}): FakeMessage {
  const body = Buffer.from(
    `From: a@example.org\r\nSubject: ${subject}\r\nMessage-ID: <${uid}.${subject.replace(/\W/g, '')}@x>\r\n\r\n` +
      `${subject} body ${uid}\r\n`.repeat(1 + (uid % 5)),
  );
  return { uid, flags: uid % 2 === 0 ? ['\\Seen'] : [], body, ...extra };
}

const box = (
  listed: string,
  name: string,
  attributes: string[],
  messages: FakeMessage[],
  uidValidity = 11,
): FakeMailbox => ({ listed, name, attributes, uidValidity, messages });

const gmail: Provider = {
  name: 'Gmail',
  profile: {
    greeting: '* OK Gimap ready for requests from 192.0.2.1 a1b2c3mb12345678',
    preLoginCapabilities:
      'IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 ' +
      'AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH',
    capabilities:
      'IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS COMPRESS=DEFLATE ENABLE MOVE ' +
      'CONDSTORE ESEARCH UTF8=ACCEPT LIST-EXTENDED LIST-STATUS LITERAL- SPECIAL-USE APPENDLIMIT=35651584',
    delimiter: '/',
    idResponse: '* ID ("name" "GImap" "vendor" "Google, Inc." "support-url" "https://support.google.com/mail")',
    examineExtras: [
      '* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing)',
      '* OK [PERMANENTFLAGS ()] Flags permitted.',
    ],
    fetchLayout: ({ uid, flags, size }) =>
      `X-GM-THRID 1612345678901234567 X-GM-MSGID 1612345678901234${uid} UID ${uid} ` +
      `X-GM-LABELS ("\\\\Important" "\\\\Inbox") FLAGS (${flags}) RFC822.SIZE ${size}`,
  },
  mailboxes: [
    box('"INBOX"', 'INBOX', ['\\HasNoChildren'], [message(3, 'hello'), message(4, 'again')]),
    box('"[Gmail]"', '[Gmail]', ['\\HasChildren', '\\Noselect'], []),
    box(
      '"[Gmail]/All Mail"',
      '[Gmail]/All Mail',
      ['\\All', '\\HasNoChildren'],
      [message(1, 'all'), message(3, 'hello'), message(4, 'again')],
    ),
    box('"[Gmail]/Sent Mail"', '[Gmail]/Sent Mail', ['\\HasNoChildren', '\\Sent'], [message(2, 'sent')]),
  ],
};

const outlook: Provider = {
  name: 'Microsoft 365 / Outlook.com',
  profile: {
    greeting: '* OK The Microsoft Exchange IMAP4 service is ready. [QwBIADIAUABSADEAMwBDAEEAMAAwADEANgAuAG4AYQBtAHAA]',
    capabilities:
      'IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+',
    delimiter: '/',
    idResponse: '* ID ("name" "Microsoft.Exchange.Imap4.Imap4Server" "version" "15.20")',
    examineExtras: [
      '* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)',
      '* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)] Permanent flags',
      '* OK [UNSEEN 1] Is the first unseen message',
    ],
    fetchLayout: ({ uid, flags, size }) => `UID ${uid} RFC822.SIZE ${size} FLAGS (${flags})`,
  },
  mailboxes: [
    // Exchange converts stored messages on the fly: RFC822.SIZE is not the length of BODY[].
    box(
      'INBOX',
      'INBOX',
      ['\\HasNoChildren'],
      [message(10, 'exchange', { announcedSize: 90 }), message(11, 'converted', { announcedSize: 4000 })],
    ),
    box('"Sent Items"', 'Sent Items', ['\\HasNoChildren', '\\Sent'], [message(5, 'sent')]),
    box('"Deleted Items"', 'Deleted Items', ['\\HasNoChildren', '\\Trash'], []),
  ],
};

const fastmail: Provider = {
  name: 'Fastmail',
  profile: {
    greeting:
      '* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE AUTH=PLAIN AUTH=LOGIN AUTH=OAUTHBEARER SASL-IR] imap.fastmail.com Cyrus IMAP ready',
    capabilities:
      'IMAP4rev1 LITERAL+ ID ENABLE ACL RIGHTS=kxten QUOTA MAILBOX-REFERRALS NAMESPACE UIDPLUS NO_ATOMIC_RENAME UNSELECT ' +
      'CHILDREN MULTIAPPEND BINARY CATENATE CONDSTORE ESEARCH SORT THREAD=ORDEREDSUBJECT LIST-EXTENDED LIST-STATUS ' +
      'SPECIAL-USE IDLE URLAUTH=BINARY COMPRESS=DEFLATE QRESYNC MOVE OBJECTID STATUS=SIZE',
    delimiter: '.',
    examineExtras: [
      '* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $X-ME-Annot-2 $Junk)',
      '* OK [PERMANENTFLAGS ()] Ok',
      '* OK [HIGHESTMODSEQ 4242] Ok',
      '* OK [MAILBOXID (a1b2c3)] Ok',
    ],
    fetchLayout: ({ uid, flags, size }) => `UID ${uid} MODSEQ (4000) FLAGS (${flags}) RFC822.SIZE ${size}`,
  },
  mailboxes: [
    box(
      'INBOX',
      'INBOX',
      ['\\HasChildren'],
      [message(1, 'fm'), message(2, 'fm two', { flags: ['\\Seen', '$X-ME-Annot-2', 'NIL'] })],
    ),
    box('INBOX.Archive', 'INBOX.Archive', ['\\HasNoChildren', '\\Archive'], [message(7, 'archived')]),
    box('"INBOX.Body[old"', 'INBOX.Body[old', ['\\HasNoChildren'], [message(8, 'odd name')]),
  ],
};

const icloud: Provider = {
  name: 'iCloud',
  profile: {
    greeting:
      '* OK [CAPABILITY XAPPLEPUSHSERVICE IMAP4 IMAP4rev1 SASL-IR AUTH=ATOKEN AUTH=PLAIN] iCloud IMAP4 service is ready.',
    capabilities:
      'XAPPLEPUSHSERVICE IMAP4 IMAP4rev1 ACL QUOTA LITERAL+ NAMESPACE UIDPLUS CHILDREN BINARY UNSELECT SORT CATENATE ' +
      'URLAUTH LANGUAGE ESEARCH ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES CONDSTORE ENABLE CONTEXT=SEARCH CONTEXT=SORT ' +
      'WITHIN SASL-IR SEARCHRES XSENDER X-NETSCAPE XUM1 XAPPLELITERAL ID',
    delimiter: '/',
    examineExtras: [
      '* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotJunk NotJunk)',
      '* OK [HIGHESTMODSEQ 1042]',
    ],
    fetchLayout: ({ uid, flags, size }) => `UID ${uid} RFC822.SIZE ${size} FLAGS (${flags})`,
  },
  mailboxes: [
    box('"INBOX"', 'INBOX', ['\\HasNoChildren'], [message(21, 'icloud'), message(22, 'photo')]),
    box('"Sent Messages"', 'Sent Messages', ['\\HasNoChildren', '\\Sent'], [message(3, 'sent')]),
    box('"Notes"', 'Notes', ['\\HasNoChildren', '\\Noselect'], []),
  ],
};

const yahoo: Provider = {
  name: 'Yahoo',
  profile: {
    greeting:
      '* OK [CAPABILITY IMAP4rev1 ID MOVE NAMESPACE X-ID-ACLID UIDPLUS LITERAL+ CHILDREN XAPPLEPUSHSERVICE ' +
      'XYMHIGHESTMODSEQ AUTH=PLAIN AUTH=LOGIN AUTH=XOAUTH2 AUTH=XYMCOOKIE] IMAP4rev1 imapgate-1.8.1_01.20166',
    capabilities: 'IMAP4rev1 ID MOVE NAMESPACE X-ID-ACLID UIDPLUS LITERAL+ XAPPLEPUSHSERVICE XYMHIGHESTMODSEQ',
    delimiter: '/',
    examineExtras: [
      '* FLAGS (\\Answered \\Deleted \\Draft \\Flagged \\Seen $Forwarded $Junk $NotJunk)',
      '* OK [PERMANENTFLAGS ()] No permanent flags permitted',
      '* OK [HIGHESTMODSEQ 102784]',
    ],
    fetchLayout: ({ uid, flags, size }) => `UID ${uid} FLAGS (${flags}) RFC822.SIZE ${size}`,
  },
  mailboxes: [
    box('"Inbox"', 'Inbox', ['\\Inbox', '\\HasNoChildren'], [message(333870, 'yahoo'), message(333871, 'big uid')], 1),
    box('"Bulk Mail"', 'Bulk Mail', ['\\Junk', '\\HasNoChildren'], [message(4, 'spam')], 1),
  ],
};

const netease: Provider = {
  name: '163.com',
  profile: {
    greeting: '* OK Coremail System IMap Server Ready(163com[10.1.2.3])',
    preLoginCapabilities:
      'IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ STARTTLS APPENDLIMIT=71680000 XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1 SASL-IR AUTH=XOAUTH2',
    capabilities:
      'IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ STARTTLS APPENDLIMIT=71680000 XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1 SASL-IR AUTH=XOAUTH2',
    delimiter: '/',
    idResponse: '* ID ("name" "Coremail Imap" "vendor" "Mailtech" "TransID" "IcalGQAAAFBbX2YLog0A")',
    requireId: true,
    noUidNext: true,
    examineExtras: [
      '* FLAGS (\\Answered \\Seen \\Deleted \\Draft \\Flagged)',
      '* OK [PERMANENTFLAGS (\\Answered \\Seen \\Deleted \\Draft \\Flagged)] Limited',
    ],
    fetchLayout: ({ uid, flags, size }) => `UID ${uid} RFC822.SIZE ${size} FLAGS (${flags})`,
  },
  mailboxes: [
    box('"INBOX"', 'INBOX', ['\\HasNoChildren'], [message(1446555803, 'netease'), message(1446555804, 'second')], 1),
    box('"&XfJT0ZAB-"', '&XfJT0ZAB-', ['\\HasNoChildren', '\\Sent'], [message(1446555810, 'sent')], 1),
  ],
};

export const PROVIDERS: Provider[] = [gmail, outlook, fastmail, icloud, yahoo, netease];
