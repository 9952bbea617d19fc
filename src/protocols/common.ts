// Requests that several line protocols share.
import { codeReply } from './completions.js';
import { textRequest } from './types.js';

/** `QUIT`: the polite end of SMTP, LMTP, FTP, POP3 and NNTP sessions; always the last command. */
export const QUIT = textRequest('quit', 'QUIT\r\n', codeReply, 'Ends the session politely; always the last command sent.');
