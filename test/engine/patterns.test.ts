import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMailboxSelected, matchesPattern } from '../../src/engine/patterns.js';

test('matchesPattern: * crosses the delimiter, % does not', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'INBOX', true],
    ['*', 'Archive/2024/Q1', true],
    ['%', 'Archive', true],
    ['%', 'Archive/2024', false],
    ['Archive/%', 'Archive/2024', true],
    ['Archive/%', 'Archive/2024/Q1', false],
    ['Archive/*', 'Archive/2024/Q1', true],
    ['Arch*', 'Archive', true],
    ['inbox', 'INBOX', true],
    ['INBOX/%', 'inbox/Sub', true],
    ['Trash', 'trash', false],
    ['[Gmail]/Sent Mail', '[Gmail]/Sent Mail', true],
    ['a.b', 'aXb', false],
    ['Zürich', 'Zürich', true],
  ];
  for (const [pattern, name, expected] of cases) {
    assert.equal(matchesPattern(pattern, name), expected, `${pattern} vs ${name}`);
  }
});

test('isMailboxSelected: ordered, last match wins, ! excludes', () => {
  const cases: [string[], string, boolean][] = [
    [['*'], 'Trash', true],
    [['*', '!Trash'], 'Trash', false],
    [['*', '!Trash'], 'Sent', true],
    [['!Trash', '*'], 'Trash', true],
    [['%', '!Archive*', 'Archive/Keep'], 'Archive/Keep', true],
    [['%', '!Archive*', 'Archive/Keep'], 'Archive', false],
    [['*', '![Gmail]*', '[Gmail]/Sent Mail'], '[Gmail]/Sent Mail', true],
    [['*', '![Gmail]*', '[Gmail]/Sent Mail'], '[Gmail]/Spam', false],
    [[], 'INBOX', true],
    [[], 'Sent', false],
  ];
  for (const [patterns, name, expected] of cases) {
    assert.equal(isMailboxSelected(name, patterns), expected, `${patterns.join(' ')} vs ${name}`);
  }
});

test('isMailboxSelected: a pattern written as mbsync 1.4 sees the name (modified UTF-7) selects it too', () => {
  const cases: [string[], string, boolean][] = [
    [['Work &- Play'], 'Work & Play', true],
    [['&ANw-berweisungen*'], 'Überweisungen/Belege', true],
    [['*', '!&ANw-berweisungen/*'], 'Überweisungen/Belege', false],
    [['Überweisungen/*'], 'Überweisungen/Belege', true],
    [['Work & Play'], 'Work & Play', true],
    [['&ANw-berweisungen*'], 'Archive', false],
  ];
  for (const [patterns, name, expected] of cases) {
    assert.equal(isMailboxSelected(name, patterns), expected, `${patterns.join(' ')} vs ${name}`);
  }
});
