/**
 * Secrets in response bodies, recognised by their format (docs/vulnerabilities.md): cloud keys,
 * private keys, tokens with known prefixes, connection strings with passwords, `.env` and config
 * assignments, repository and credentials files. The evidence names what was found and masks the
 * secret itself: at most its first four characters and its length, never the value.
 *
 * Values that documentation uses as placeholders (AKIAIOSFODNN7EXAMPLE, `your_password_here`,
 * `xxxx`, `changeme`, `<password>`, `${DB_PASS}`) are not secrets and are skipped.
 */

import { anyFound, LiteralSet } from './literals';
import { parseJsonShared } from '../json-document';

export interface SecretFinding {
  /** What the secret is: aws_access_key_id, private_key, github_token, connection_string, dotenv... */
  id: string;
  /** Masked: a label, the (non-secret) name or scheme it was assigned to, the masked value. */
  evidence: string;
}

/** `AKIA…(20 chars)`: the value's first characters (none for short values) and its length. */
export function maskSecret(value: string): string {
  const keep = value.length >= 20 ? 4 : value.length >= 12 ? 2 : 0;
  return `${value.slice(0, keep)}…(${value.length} chars)`;
}

const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|your|xxxx|changeme|change_me|change-me|redacted|secret_here|password_here|insert|replace|\*\*\*|<|>|\$\{|\{\{|%\(|\.\.\./i;
const PLACEHOLDER_VALUES = new Set([
  'password',
  'passwd',
  'secret',
  'pass',
  'test',
  'null',
  'none',
  'true',
  'false',
  'admin',
  'root',
  'user',
  'token',
  'key',
  'changeit',
  'undefined',
  'empty',
  'string',
  'value',
  'foo',
  'bar',
  'example',
]);

/** Whether a value is a documentation placeholder rather than a credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 4 || PLACEHOLDER_VALUES.has(v.toLowerCase()) || PLACEHOLDER_WORDS.test(v)) return true;
  const lower = v.toLowerCase();
  if (lower.includes('abcdefgh') || lower.includes('12345678')) return true;
  // One character repeated (0000…, aaaa…) or very few distinct ones in a long value.
  const distinct = new Set(v).size;
  return distinct <= 2 || (v.length >= 16 && distinct < 6);
}

interface SecretPattern {
  id: string;
  label: string;
  needs: string[];
  /** Group 1: the secret; group 2 (optional): the name or scheme it is assigned to. */
  re: RegExp;
  /** Only outside HTML and JSON (line-based files: .env, properties, YAML, credentials, git config); tried on every such body. */
  plainOnly?: boolean;
  /** A token with a lower-case prefix (ghp_, xoxb-, sk_live_...): tried when tokenPrefixes finds one. */
  prefixed?: boolean;
  /** A URL with userinfo: tried when the body has '@' and '://'. */
  userinfo?: boolean;
  /** Tried when this literal is in the body's first 64 characters (a served file's opening). */
  atStart?: string;
  /** Whether the value must pass isPlaceholder (false for shapes whose prefix already makes them real). */
  checkPlaceholder: boolean;
}

const SECRET_PATTERNS: readonly SecretPattern[] = [
  // AWS key ids (not inside a presigned URL's X-Amz-Credential, where they are meant to be).
  {
    id: 'aws_access_key_id',
    label: 'AWS access key id',
    needs: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    re: /(?<![A-Za-z0-9]|Credential=|Credential%3D)((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])/,
    checkPlaceholder: true,
  },
  {
    id: 'aws_secret_access_key',
    label: 'AWS secret access key',
    needs: ['_access_key', '_ACCESS_KEY', '_Access_Key', 'AccessKey'],
    re: /(aws_?secret_access_key|secretAccessKey)["']?\s{0,4}[:=]\s{0,4}["']?([A-Za-z0-9\/+=]{40})(?![A-Za-z0-9\/+=])/i,
    checkPlaceholder: true,
  },
  {
    id: 'private_key',
    label: 'private key',
    needs: ['PRIVATE KEY'],
    re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:\\[rn]|\s){1,8}(?:[\w-]{1,30}: [^\n\\]{1,200}(?:\\[rn]|\s){1,8}){0,4}((?:[A-Za-z0-9+]|\\?\/){40,})/,
    checkPlaceholder: false,
  },
  {
    id: 'private_key',
    label: 'PuTTY private key',
    needs: ['PuTTY-User-Key-File'],
    re: /PuTTY-User-Key-File-\d: ([\w-]{1,40})[\s\S]{0,2000}?Private-Lines: \d{1,4}\r?\n((?:[A-Za-z0-9+]|\/){40,})/,
    checkPlaceholder: false,
  },
  {
    id: 'gcp_service_account',
    label: 'Google Cloud service account key',
    needs: ['_account'],
    re: /"type"\s{0,4}:\s{0,4}"service_account"[\s\S]{0,2000}?"private_key_id"\s{0,4}:\s{0,4}"([0-9a-f]{40})"|"private_key_id"\s{0,4}:\s{0,4}"([0-9a-f]{40})"[\s\S]{0,2000}?"type"\s{0,4}:\s{0,4}"service_account"/,
    checkPlaceholder: false,
  },
  {
    id: 'google_api_key',
    label: 'Google API key',
    needs: ['AIza'],
    re: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  {
    id: 'google_oauth_client_secret',
    label: 'Google OAuth client secret',
    needs: ['GOCSPX-'],
    re: /(?<![A-Za-z0-9_-])(GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  {
    id: 'openai_key',
    label: 'OpenAI API key',
    needs: ['T3BlbkFJ'],
    re: /(?<![A-Za-z0-9_-])(sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  {
    id: 'anthropic_key',
    label: 'Anthropic API key',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  {
    id: 'shopify_token',
    label: 'Shopify token',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_])(shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    checkPlaceholder: true,
  },
  {
    id: 'square_token',
    label: 'Square token',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_-])(sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  {
    id: 'azure_storage_key',
    label: 'Azure storage account key',
    needs: ['AccountKey='],
    re: /AccountKey=([A-Za-z0-9+\/]{80,100}={0,2})/,
    checkPlaceholder: true,
  },
  {
    id: 'azure_client_secret',
    label: 'Azure AD client secret',
    needs: ['Q~'],
    re: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/,
    checkPlaceholder: true,
  },
  {
    id: 'github_token',
    label: 'GitHub token',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{60,251})(?![A-Za-z0-9_])/,
    checkPlaceholder: true,
  },
  {
    id: 'gitlab_token',
    label: 'GitLab token',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_-])((?:glpat|glrt|gldt|glptt)-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  {
    id: 'slack_token',
    label: 'Slack token',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9])(xox[abposre]-[A-Za-z0-9-]{10,250})(?![A-Za-z0-9-])/,
    checkPlaceholder: true,
  },
  {
    id: 'slack_webhook',
    label: 'Slack webhook URL',
    needs: ['.slack.com'],
    re: /hooks\.slack\.com\\?\/(?:services|workflows|triggers)\\?\/((?:[A-Za-z0-9]|\\?\/){20,200})/,
    checkPlaceholder: true,
  },
  {
    id: 'stripe_key',
    label: 'Stripe live key',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[A-Za-z0-9]{20,247})(?![A-Za-z0-9])/,
    checkPlaceholder: true,
  },
  {
    id: 'npm_token',
    label: 'npm token',
    needs: [],
    prefixed: true,
    re: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    checkPlaceholder: true,
  },
  {
    id: 'sendgrid_key',
    label: 'SendGrid API key',
    needs: ['SG.'],
    re: /(?<![A-Za-z0-9_])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    checkPlaceholder: true,
  },
  // Connection strings with a password: URLs with userinfo, ADO.NET, JDBC query parameters.
  {
    id: 'connection_string',
    label: 'connection string with password',
    needs: [],
    userinfo: true,
    re: /\b((?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]{2,20}|ldaps?|s?ftp|smtps?|https?|git|ssh):\/\/[^\s:@\/"'<>\\]{0,100}):([^\s@\/"'<>\\]{1,200})@[\w.-]{1,200}/,
    checkPlaceholder: true,
  },
  {
    id: 'connection_string',
    label: 'connection string with password',
    needs: ['Password=', 'PASSWORD=', 'Pwd=', 'PWD=', ';password=', ';pwd=', '; password='],
    re: /(?:server|data source|host|user id|uid|initial catalog)\s{0,4}=[^;"'<\n]{0,200};[^"'<\n]{0,300}?\b(password|pwd)\s{0,4}=\s{0,4}([^;"'\s<&]{1,200})/i,
    checkPlaceholder: true,
  },
  {
    id: 'connection_string',
    label: 'JDBC URL with password',
    needs: ['jdbc:'],
    re: /(jdbc:[a-z:]{2,30}\/\/[^\s"'<]{0,300}?[?&;](?:amp;)?password)=([^&;"'\s<]{1,200})/,
    checkPlaceholder: true,
  },
  // Files: .env and config assignments, PHP defines, git config, AWS credentials, Docker auth.
  {
    id: 'config_secret',
    label: 'secret in a config assignment',
    needs: [],
    plainOnly: true,
    re: /^[ \t]{0,8}(?:export[ \t]{1,4})?((?:[A-Za-z_][\w.-]{0,80})?(?:pass(?:word|wd)?|pwd|secret|token|api_?key|access_?key|secret_?key|private_?key|auth_?key|app_?key|credentials?)[\w.-]{0,40})[ \t]{0,4}(?:=|:[ \t])[ \t]{0,4}(["']?)([^\s"'#&]{4,300})\2[ \t]{0,4}\r?$/im,
    checkPlaceholder: true,
  },
  {
    id: 'config_secret',
    label: 'secret in a PHP define',
    needs: ['?php'],
    re: /define\(\s{0,4}['"]([A-Z_]{0,40}(?:PASSWORD|SECRET|KEY|SALT|TOKEN)[A-Z_]{0,40})['"]\s{0,4},\s{0,4}['"]([^'"\n]{4,300})['"]/,
    checkPlaceholder: true,
  },
  {
    id: 'git_config',
    label: 'git repository config',
    needs: ['[core]'],
    plainOnly: true,
    re: /\[core\][ \t]{0,8}\r?\n[ \t]{0,8}(repositoryformatversion) = \d/,
    checkPlaceholder: false,
  },
  {
    id: 'cloud_credentials',
    label: 'AWS credentials file',
    needs: ['_access_key_id'],
    plainOnly: true,
    re: /^\[([\w .-]{1,64})\][ \t]{0,8}\r?\n(?:[ \t]{0,8}[\w.-]{1,60}[ \t]{0,4}=[^\n]{0,200}\n){0,6}[ \t]{0,8}aws_access_key_id[ \t]{0,4}=/m,
    checkPlaceholder: false,
  },
  {
    id: 'docker_auth',
    label: 'Docker registry credentials',
    needs: [],
    atStart: '"auths"',
    re: /"auths"\s{0,8}:\s{0,8}\{\s{0,8}"([^"\n]{1,200})"\s{0,8}:\s{0,8}\{\s{0,8}"auth"\s{0,8}:\s{0,8}"([A-Za-z0-9+\/=]{8,400})"/,
    checkPlaceholder: false,
  },
];

/** The patterns with the global flag, for reading past placeholders to the next match. */
const GLOBAL = SECRET_PATTERNS.map((p) => ({ ...p, re: new RegExp(p.re.source, `${p.re.flags}g`) }));
/**
 * The lower-case token prefixes, found by the character that ends them: a search for a literal
 * whose first character is a common letter costs tens of µs per 30 KB of prose (docs/performance.md),
 * while '_' and '-' are found with memchr and then the few characters before each are compared.
 */
export const PREFIXES_BEFORE_UNDERSCORE: readonly string[] = [
  'ghp',
  'gho',
  'ghu',
  'ghs',
  'ghr',
  'github_pat',
  'npm',
  'sk_live',
  'rk_live',
  'shpat',
  'shpss',
  'shpca',
  'shppa',
];
export const PREFIXES_BEFORE_DASH: readonly string[] = [
  'glpat',
  'glrt',
  'gldt',
  'glptt',
  'xoxa',
  'xoxb',
  'xoxp',
  'xoxo',
  'xoxr',
  'xoxs',
  'xoxe',
  'sk-ant',
  'sq0atp',
  'sq0csp',
];
/**
 * Prefixes by their last character (a code below 128): the character before a separator picks
 * the few that can end there. Bodies are full of separators no prefix ends before (`SKU-1`,
 * `snake_case`), where comparing every prefix at each was the largest part of the body checks on
 * API responses (docs/performance.md "Sessions, vulnerabilities, discovery (branch i22-analyses)").
 */
function byLastCharacter(prefixes: readonly string[]): Array<readonly string[] | undefined> {
  const out: Array<string[] | undefined> = new Array<string[] | undefined>(128).fill(undefined);
  for (const p of prefixes) (out[p.charCodeAt(p.length - 1)] ??= []).push(p);
  return out;
}
const UNDERSCORE_PREFIXES_BY_LAST = byLastCharacter(PREFIXES_BEFORE_UNDERSCORE);
const DASH_PREFIXES_BY_LAST = byLastCharacter(PREFIXES_BEFORE_DASH);

function prefixBefore(text: string, sep: string, byLast: ReadonlyArray<readonly string[] | undefined>): boolean {
  // Linear: one pass of indexOf over the (64 KiB-capped) body, a few comparisons per separator.
  for (let at = text.indexOf(sep); at >= 0; at = text.indexOf(sep, at + 1)) {
    const c = text.charCodeAt(at - 1);
    const prefixes = c < 128 ? byLast[c] : undefined;
    if (prefixes === undefined) continue;
    for (const p of prefixes) if (at >= p.length && text.startsWith(p, at - p.length)) return true;
  }
  return false;
}

/** Whether the text holds a known lower-case token prefix (ghp_, npm_, sk_live_, glpat-, xoxb-...). */
export function tokenPrefixes(text: string): boolean {
  return prefixBefore(text, '_', UNDERSCORE_PREFIXES_BY_LAST) || prefixBefore(text, '-', DASH_PREFIXES_BY_LAST);
}

/** The secret and its name from a match: the last non-empty group is the value, the one before it the name. */
function groups(m: RegExpExecArray): { name: string; value: string } {
  const gs = m.slice(1).filter((g) => g !== undefined && g !== '' && g !== '"' && g !== "'");
  return { value: gs[gs.length - 1] ?? m[0], name: gs.length > 1 ? gs[0] : '' };
}

/**
 * Secrets in a body. `plain`: the body is neither HTML nor JSON (a served file: .env, properties,
 * YAML, credentials, git config), where line-based assignments are read too.
 */
export const SECRET_LITERALS: readonly string[] = [...new Set(SECRET_PATTERNS.flatMap((p) => p.needs))];
const NEEDED = new LiteralSet(SECRET_LITERALS);

/** `found`: which of SECRET_LITERALS the body holds, when the caller has looked already. */
export function bodySecrets(
  text: string,
  plain: boolean,
  found: ReadonlySet<string> | null = NEEDED.find(text),
): SecretFinding[] {
  const out: SecretFinding[] = [];
  let prefixed: boolean | null = null;
  let userinfo: boolean | null = null;
  // Ids found so far (most bodies have none: made at the first).
  let ids: Set<string> | null = null;
  for (const p of GLOBAL) {
    if (ids !== null && ids.has(p.id)) continue;
    if (p.plainOnly) {
      if (!plain || (p.needs.length > 0 && !anyFound(found, p.needs))) continue;
    } else if (p.prefixed) {
      if (!(prefixed ??= tokenPrefixes(text))) continue;
    } else if (p.userinfo) {
      if (!(userinfo ??= text.includes('@') && text.includes('://'))) continue;
    } else if (p.atStart !== undefined) {
      if (!text.slice(0, 64).includes(p.atStart)) continue;
    } else if (!anyFound(found, p.needs)) {
      continue;
    }
    const re = p.re;
    re.lastIndex = 0;
    // The first few matches: a placeholder first does not hide a real secret after it.
    for (let i = 0; i < 8; i++) {
      const m = re.exec(text);
      if (m === null) break;
      const { name, value } = groups(m);
      if (p.checkPlaceholder && isPlaceholder(value)) continue;
      if (p.id === 'connection_string' && /^(?:https?|git|ssh|s?ftp):/i.test(name) && value.length < 6) continue;
      (ids ??= new Set()).add(p.id);
      const shown =
        p.id === 'git_config' || p.id === 'cloud_credentials'
          ? `${p.id === 'git_config' ? 'core.' : 'profile '}${value}`
          : name.length > 0
            ? `${name.slice(0, 80)}: ${maskSecret(value)}`
            : maskSecret(value);
      out.push({ id: p.id, evidence: `${p.label}: ${shown}` });
      break;
    }
  }
  return out;
}

/** JSON keys whose string values are secrets (compared lower-cased without '-', '_', '.'); token names are not (login responses return tokens). */
const SECRET_FIELD =
  /(?:password|passwd|pwd|secret|clientsecret|secretkey|privatekey|secretaccesskey|apisecret|signingkey|encryptionkey|masterkey)$/;

/**
 * Secrets in a JSON document's fields: a value under a name like `password`, `client_secret`,
 * `secretAccessKey` that is not a placeholder, a mask (`******`) or empty. `names` are the
 * response's field paths that discovery already found sensitive; the document is walked only then.
 */
export function jsonFieldSecrets(text: string): SecretFinding[] {
  // The response's document, parsed once for discovery and every check (read-only).
  const doc = parseJsonShared(text);
  if (doc === undefined) return [];
  let found: SecretFinding | null = null;
  let budget = 2000;
  const walk = (v: unknown, key: string, depth: number): void => {
    if (found !== null || budget-- <= 0 || depth > 10) return;
    if (typeof v === 'string') {
      const name = key.toLowerCase().replace(/[-_.]/g, '');
      if (v.length >= 6 && v.length <= 4096 && SECRET_FIELD.test(name) && !isPlaceholder(v) && !/^\*+$/.test(v))
        found = { id: 'json_secret', evidence: `secret in a JSON field: ${key.slice(0, 80)}: ${maskSecret(v)}` };
    } else if (Array.isArray(v)) {
      for (const item of v.slice(0, 50)) walk(item, key, depth + 1);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) walk((v as Record<string, unknown>)[k], k, depth + 1);
    }
  };
  walk(doc, '', 0);
  return found === null ? [] : [found];
}

/** Token formats whose value alone says it is a credential (for values in URLs). */
const SECRET_SHAPE =
  /^(?:(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_\w{60,251}|(?:glpat|glrt|gldt)-[\w-]{20,64}|xox[abposre]-[\w-]{10,250}|(?:sk|rk)_live_[A-Za-z0-9]{20,247}|AIza[\w-]{35}|npm_[A-Za-z0-9]{36}|SG\.[\w-]{22}\.[\w-]{43}|ya29\.[\w-]{20,2000})$/;

export function secretShape(value: string): boolean {
  const c = value.charCodeAt(0);
  // A, g, x, s, r, n, S, y: the first characters of the shapes.
  return (
    (c === 65 || c === 103 || c === 120 || c === 115 || c === 114 || c === 110 || c === 83 || c === 121) &&
    SECRET_SHAPE.test(value) &&
    !isPlaceholder(value)
  );
}
