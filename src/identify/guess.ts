// A weak guess at what unidentified bytes are, for `info.guess` when no fingerprint matched.

/** "smtp-or-ftp" for a `220` greeting, "text" when the first line is printable, else "binary". */
export function guessKind(text: string): 'smtp-or-ftp' | 'text' | 'binary' {
  if (text.startsWith('220')) return 'smtp-or-ftp';
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if ((c < 0x20 && c !== 9) || c > 0x7e) return 'binary';
  }
  return i > 0 ? 'text' : 'binary';
}
