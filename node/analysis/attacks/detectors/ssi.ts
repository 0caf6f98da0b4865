/** Server-side includes: an SSI directive comment (`<!--#exec cmd=...-->`, `<!--#include ...-->`). */
export function isSsi(value: string): boolean {
  return /<!--\s*#\s*(?:exec|include|echo|config|set|printenv|fsize|flastmod|if|elif)\b/i.test(value);
}
