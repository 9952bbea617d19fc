// literalPrefix: the literal a match must start with, conservative whenever the pattern could vary.

import { describe, expect, it } from 'vitest';
import { literalPrefix } from '../../src/identify/prefix.js';
import { requiredLiteral } from '../../src/identify/required.js';

/** The prefix text, or null. */
const text = (pattern: string, flags = ''): string | null => literalPrefix(pattern, flags)?.text ?? null;

describe('literalPrefix', () => {
  it('reads the literal run after ^', () => {
    expect(text('^SSH-(\\d+\\.\\d+)-')).toBe('SSH-');
    expect(text('^\\* OK ')).toBe('* OK ');
    expect(text('^220[ -]')).toBe('220');
    expect(text('^\\+OK\\b')).toBe('+OK');
    expect(text('^\\xff[\\xfb-\\xfe]')).toBe('\xff');
    expect(text('^\\r\\n\\t\\x00\\u0041\\cA')).toBe('\r\n\t\0A\x01');
  });

  it('steps into groups that are always there', () => {
    expect(text('^(SSH-)(\\d)')).toBe('SSH-');
    expect(text('^(?:RFB )(\\d{3})')).toBe('RFB ');
    expect(text('^(?<tag>a1) OK')).toBe('a1 OK');
    expect(text('^(?:ab)+c')).toBe('ab');
  });

  it('stops before anything optional or variable', () => {
    expect(text('^ab?c')).toBe('a');
    expect(text('^ab*c')).toBe('a');
    expect(text('^ab{0,2}c')).toBe('a');
    expect(text('^ab+c')).toBe('ab');
    expect(text('^ab{2}c')).toBe('ab');
    expect(text('^(?:SSH-)?x')).toBeNull();
    expect(text('^(?:a|b)c')).toBeNull();
    expect(text('^(?=SSH)SSH')).toBeNull();
    expect(text('^a.b')).toBe('a');
    expect(text('^\\d+')).toBeNull();
    expect(text('^\\bfoo')).toBeNull();
  });

  it('gives up on unanchored patterns and top-level alternation', () => {
    expect(text('SSH-')).toBeNull();
    expect(text('^SSH-|^foo')).toBeNull();
    expect(text('^220 [|]x')).toBe('220 ');
  });

  it('lowercases under flag i and stops at non-ASCII; marks multiline under flag m', () => {
    expect(literalPrefix('^\\* CAPABILITY ', 'i')).toEqual({ text: '* capability ', fold: true, multiline: false });
    expect(text('^AB\\xe9C', 'i')).toBe('ab');
    expect(text('^\\xff', 'i')).toBeNull();
    expect(literalPrefix('^SSH-', 'm')).toEqual({ text: 'SSH-', fold: false, multiline: true });
  });
});

describe('requiredLiteral', () => {
  it('finds the longest literal every match contains', () => {
    expect(requiredLiteral('^220[ -][^\\r\\n]*?\\bKerio (?:Connect|MailServer) (\\d+)', 'i', null)).toEqual({ text: 'kerio ', fold: true });
    expect(requiredLiteral('ESMTP (?:Postfix)', '', null)?.text).toBe('Postfix');
    expect(requiredLiteral('x(?:Postfix-MTA)y', '', null)?.text).toBe('Postfix-MTA');
    expect(requiredLiteral('ab(?:Postfix-MTA)?y', '', null)).toBeNull();
    expect(requiredLiteral('(\\w+)\\1abc\\d', '', null)?.text).toBe('abc');
    expect(requiredLiteral('Kelvin\\xe9Kel', 'i', null)?.text).toBe('kelvin');
    expect(requiredLiteral('^SSH-2\\.0-', '', literalPrefix('^SSH-2\\.0-', ''))).toBeNull();
    expect(requiredLiteral('a|bcdef', '', null)).toBeNull();
    expect(requiredLiteral('ab?cd', '', null)).toBeNull();
    expect(requiredLiteral('[abc]{3}xyz+', '', null)?.text).toBe('xyz');
  });
});
