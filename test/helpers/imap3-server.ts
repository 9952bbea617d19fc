// The RFC 1203 IMAP3 emulator: it ships with the demo (src/demo/imap3.ts); tests import it from here.
export { imap3, IMAP3_GREETING, IMAP3_SUPPORTED_VERSIONS } from '../../src/demo/imap3.js';
