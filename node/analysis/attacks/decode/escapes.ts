/** JavaScript/JSON string escapes: `\uXXXX`, `\u{X..}`, `\xXX` (the rest stay as written). */
export function hasJsEscape(s: string): boolean {
  return /\\(?:u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2})/.test(s);
}

export function decodeJsEscapes(s: string): string {
  return s.replace(
    /\\(?:u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|x([0-9a-fA-F]{2}))/g,
    (_m, u4: string | undefined, ub: string | undefined, x2: string | undefined) => {
      const cp = parseInt(u4 ?? ub ?? x2 ?? '0', 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    },
  );
}
