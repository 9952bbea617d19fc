// Templates: group and field references, omitted values, CPE escaping.

import { describe, expect, it } from 'vitest';
import { cpeEscape, parseTemplate, renderCpe, renderTemplate } from '../../src/identify/template.js';

describe('templates', () => {
  it('parses literal text, {N} and {field}', () => {
    const t = parseTemplate('SSH-{1} on {info.os_release}{x');
    expect(t.parts).toEqual(['SSH-', { group: 1 }, ' on ', { field: 'info.os_release' }, '{x']);
    expect(t.groups).toEqual([1]);
    expect(t.fields).toEqual(['info.os_release']);
  });

  it('fills groups and fields; a missing or empty one omits the value', () => {
    const m = ['SSH-2.0-x', '2.0', undefined, ''];
    expect(renderTemplate(parseTemplate('SSH-{1}'), m, {})).toBe('SSH-2.0');
    expect(renderTemplate(parseTemplate('SSH-{2}'), m, {})).toBeUndefined();
    expect(renderTemplate(parseTemplate('{3}'), m, {})).toBeUndefined();
    expect(renderTemplate(parseTemplate('v{version}'), m, { version: '9' })).toBe('v9');
    expect(renderTemplate(parseTemplate('v{version}'), m, {})).toBeUndefined();
    expect(renderTemplate(parseTemplate('Debian'), m, {})).toBe('Debian');
  });

  it('escapes CPE values and puts * for missing ones', () => {
    expect(cpeEscape('9.2p1')).toBe('9.2p1');
    expect(cpeEscape('1.3.8+dfsg')).toBe('1.3.8\\+dfsg');
    expect(cpeEscape('Microsoft Exchange')).toBe('microsoft_exchange');
    expect(cpeEscape('a:b*c\x01é')).toBe('a\\:b\\*c');
    expect(cpeEscape('')).toBe('*');
    const t = parseTemplate('cpe:2.3:a:openbsd:openssh:{version}:*:*:*:*:*:*:*');
    expect(renderCpe(t, [], { version: '9.2P1' })).toBe('cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*');
    expect(renderCpe(t, [], {})).toBe('cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*');
  });
});
