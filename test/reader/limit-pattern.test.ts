import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesPattern, parseLimitPattern, patternNeeds, PatternError } from '../../src/reader/limit-pattern.js';

const now = new Date(2024, 5, 15);
const alice = {
  from: 'Alice <alice@example.com>',
  subject: 'Quarterly report',
  date: new Date(2024, 2, 10, 12).getTime(),
};
const bob = { from: 'Bob <bob@example.org>', subject: 'Lunch', date: new Date(2024, 5, 1, 9).getTime() };

const matches = (pattern: string, target = alice, body = '') =>
  matchesPattern(parseLimitPattern(pattern, now), target, { body });

test('~f and ~s are case-insensitive regexes unless they have a capital', () => {
  assert.equal(matches('~f alice'), true);
  assert.equal(matches('~f ALICE'), false);
  assert.equal(matches('~s report$'), true);
  assert.equal(matches('~s lunch'), false);
});

test('whitespace is AND, | is OR, ! negates', () => {
  assert.equal(matches('~f alice ~s report'), true);
  assert.equal(matches('~f alice ~s lunch'), false);
  assert.equal(matches('~s lunch | ~f alice'), true);
  assert.equal(matches('!~f alice'), false);
  assert.equal(matches('!~f alice', bob), true);
});

test('a plain word matches from or subject; quotes keep spaces', () => {
  assert.equal(matches('quarterly'), true);
  assert.equal(matches('~s "quarterly report"'), true);
  assert.equal(matches('~s "report quarterly"'), false);
});

test('~b matches the body and says it needs one', () => {
  const p = parseLimitPattern('~b invoice', now);
  assert.equal(patternNeeds(p, 'body'), true);
  assert.equal(patternNeeds(parseLimitPattern('~f a', now), 'body'), false);
  assert.equal(matchesPattern(p, alice, { body: 'your invoice is attached' }), true);
  assert.equal(matchesPattern(p, alice, { body: 'nothing here' }), false);
});

test("~y matches a label (a folder holding the same message), mutt's letter for it", () => {
  const p = parseLimitPattern('~y ^work$ !~y trash', now);
  assert.equal(patternNeeds(p, 'label'), true);
  assert.equal(patternNeeds(p, 'body'), false);
  assert.equal(matchesPattern(p, alice, { labels: ['INBOX', 'Work', '[Gmail]/All Mail'] }), true);
  assert.equal(matchesPattern(p, alice, { labels: ['Work', '[Gmail]/Trash'] }), false);
  assert.equal(matchesPattern(p, alice, { labels: ['Work/2024'] }), false);
  assert.equal(matchesPattern(parseLimitPattern('~y work', now), alice), false, 'no labels known: no match');
});

test('~d ranges: dd/mm/yyyy, open ends, single day, partial dates from now', () => {
  assert.equal(matches('~d 01/03/2024-31/03/2024'), true);
  assert.equal(matches('~d 01/04/2024-', alice), false);
  assert.equal(matches('~d 01/04/2024-', bob), true);
  assert.equal(matches('~d -09/03/2024'), false);
  assert.equal(matches('~d 10/03/2024'), true);
  assert.equal(matches('~d 01/06', bob), true);
});

test('bad patterns throw a one-line PatternError', () => {
  for (const bad of ['', '~f', '~z x', '~d 32/13/2024', '~d soon', '| ~f a', '~f a |']) {
    assert.throws(
      () => parseLimitPattern(bad, now),
      (e: unknown) => e instanceof PatternError && !e.message.includes('\n'),
      bad,
    );
  }
});

test('an invalid regex is taken literally', () => {
  assert.equal(matches('~s (', { ...alice, subject: 'a (b' }), true);
});
