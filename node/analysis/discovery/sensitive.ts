/**
 * Sensitive data in one parameter, judged on its value and its name (context words). Value-only
 * evidence is used where a checksum or a strict shape makes noise unlikely (Luhn cards, IBAN
 * mod-97, JWTs, emails); weaker shapes (phone numbers, national ids, secrets) also need a name.
 */
import { memoized } from '../../memo';

export const SENSITIVE_KINDS = [
  'email',
  'phone',
  'card',
  'iban',
  'national_id',
  'jwt',
  'api_key',
  'secret',
  'password',
  'ip',
] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

const EMAIL = /^[^\s@]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/i;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const CARD = /^(?:\d[ -]?){12,18}\d$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const SSN = /^\d{3}-\d{2}-\d{4}$/;
const JWT = /^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}$/i;
/** Well-known key shapes that need no context: AWS, GitHub, Slack, Stripe, Google. */
const KEY_SHAPES =
  /^(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})$/;
/** First characters of KEY_SHAPES: A(KIA, Iza), g(h), x(ox), s(k_). */
const KEY_SHAPE_FIRST = [65, 103, 120, 115];
const RANDOMISH = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-+/=.]{16,}$/;

const CONTEXT: Array<[RegExp, SensitiveKind]> = [
  [/pass(?:word|wd|phrase)?$|^pwd$|_pwd$/, 'password'],
  [/phone|mobile|msisdn|^tel$|telephone|cell/, 'phone'],
  [/ssn|social.?security|national.?id|passport|tax.?id|^nin$|snils|inn$/, 'national_id'],
  [/api.?key|apikey|access.?key|client.?secret|private.?key/, 'api_key'],
  [/secret|token|credential|auth/, 'secret'],
  [/card|^pan$|cc.?num|credit/, 'card'],
];

function contextKinds(name: string): SensitiveKind[] {
  const n = name.toLowerCase();
  const out: SensitiveKind[] = [];
  for (const [re, kind] of CONTEXT) if (re.test(n)) out.push(kind);
  return out;
}

/** contextKinds per parameter name (names recur in every request; the lists are only read). */
const contextKindsOf = memoized(contextKinds, 4096, 128);

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function ibanValid(s: string): boolean {
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** The sensitive kinds of one value under one parameter name (both from the request or response). */
export function sensitiveKinds(name: string, value: string): SensitiveKind[] {
  const v = value.trim();
  if (v === '' || v.length > 4096) return [];
  const context = contextKindsOf(name);
  // Each kind is added by one branch only, but api_key (a key shape, or a name): checked there.
  const out: SensitiveKind[] = [];
  // The value-only shapes are tried only when the first character (or an '@') allows them: most
  // values are words or numbers that no more than two of them could match.
  const c = v.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  if (v.includes('@') && EMAIL.test(v)) out.push('email');
  if (c === 101 /* e */ && JWT.test(v)) out.push('jwt');
  if (
    (digit && IPV4.test(v)) ||
    (v.includes(':') && v.length >= 3 && IPV6.test(v) && /[0-9a-f]/i.test(v) && (context.length > 0 || /ip|addr/i.test(name)))
  )
    out.push('ip');
  // CARD's shortest match is 13 characters (12 digits and one more).
  if (digit && v.length >= 13 && CARD.test(v)) {
    const digits = v.replace(/[ -]/g, '');
    if (digits.length >= 13 && luhn(digits) && (context.includes('card') || /^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))/.test(digits)))
      out.push('card');
  }
  if (c >= 65 && c <= 90 && IBAN.test(v) && ibanValid(v)) out.push('iban');
  if (KEY_SHAPE_FIRST.includes(c) && KEY_SHAPES.test(v)) out.push('api_key');
  if (context.includes('phone') && PHONE.test(v) && v.replace(/\D/g, '').length >= 7) out.push('phone');
  else if (c === 43 /* + */ && E164.test(v)) out.push('phone');
  if (context.includes('national_id') && (SSN.test(v) || /^[A-Z0-9-]{6,20}$/i.test(v))) out.push('national_id');
  else if (digit && SSN.test(v) && /ssn|social/i.test(name)) out.push('national_id');
  if (context.includes('password')) out.push('password');
  if (context.includes('api_key') && v.length >= 8) {
    if (!out.includes('api_key')) out.push('api_key');
  } else if (context.includes('secret') && RANDOMISH.test(v) && !out.includes('jwt')) out.push('secret');
  return out;
}
