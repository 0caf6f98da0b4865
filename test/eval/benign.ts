/**
 * Synthetic benign values that real forms, APIs and browsers send, including look-alikes of
 * attack syntax (apostrophes in names, SQL words in prose, markup in rich-text fields, relative
 * links, URLs, code-ish text). Deterministic; split train/test by hash like the corpora.
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitOf, type LabeledValue } from './corpus';

const PHRASES = [
  "O'Reilly",
  "D'Angelo's pizza",
  'select a plan',
  'union station',
  'order by price',
  'drop-down menu',
  'Update your profile',
  'delete my account please',
  'insert coin',
  'where is my order?',
  'from Paris with love',
  '1+1',
  '2 + 2 = 4',
  '50% off',
  'AT&T',
  'Tom & Jerry',
  'rock & roll',
  'Q&A',
  'fish & chips; salad',
  '<b>bold</b> and <i>italic</i>',
  '<p>Hello <a href="https://example.com/page">link</a></p>',
  '<img src="/images/cat.png" alt="cat">',
  '../images/logo.png',
  './docs/readme.md',
  'C:\\Users\\me\\Documents\\cv.pdf',
  '/home/alice/notes.txt',
  'cat food',
  'echo dot',
  'ls 300 lexus',
  'nc 8000 controller',
  'java lang courses',
  'JavaScript: Basics of JavaScript Language',
  'the -- dash',
  '#hashtag',
  'email me at bob@example.com; thanks',
  "it's 5 o'clock",
  'I said "hello"',
  'size: 10" x 12"',
  'price: $19.99',
  'Use {{name}} as placeholder',
  'Hello ${firstName}',
  'Ruby #{interpolation} docs',
  'Total: (3 * 4) - 2',
  'a < b and c > d',
  'x >= 10',
  'New York, NY 10001',
  '221B Baker Street',
  'c/ caridad s/n',
  'Müller & Söhne GmbH',
  '東京都新宿区',
  'Привет, мир',
  '👍 great product!',
  'user_name-01',
  'SELECT Comfort mattress',
  'Union Jack flag',
  'Drop me a line',
  'Exec summary attached',
  'grep is a tool',
  'sleep well',
  'time to go',
  'set the table',
  'type your message',
  'find my phone',
  'more info',
  'Ping me tomorrow',
  'ID card',
  'cmd key on mac',
  'bash party tonight',
  'The char limit is 140',
  'count me in',
  'version 2.1.0',
  'v1.2.3-beta+build.5',
  '2024-01-15T10:30:00Z',
  '15/01/2024',
  '+1 (555) 123-4567',
  '4111 1111 1111 1111',
  'if (a < b) then c',
  'null',
  'true',
  'false',
  'undefined',
  'N/A',
  '-',
  '--',
  '...',
  '?',
  '!',
  '100%',
  '#1 seller',
  'Re: your order #1234',
  'Fwd: meeting notes',
  'Dear Sir, I would like to update my address.',
  'and/or',
  'either/or',
  'mailto:info@example.com',
  'tel:+15551234567',
  'Read more at example.org/news',
  'https://www.example.com/search?q=shoes&page=2',
  'http://example.org/a/b?c=d#e',
  'https://cdn.example.net/img/a.jpg',
  'www.example.com',
  'example.com:8080',
  '10.5 kg',
  '5 ft 10 in',
  '1e6',
  '0x1F',
  '#ff0000',
  'rgb(255, 0, 0)',
  'margin: 0 auto;',
  'font-family: "Helvetica"',
  'a = b + c;',
  'print("hello")',
  'SUM(A1:A10)',
  '=AVERAGE(B2:B9)',
  'f(x) = x^2',
  'e = mc^2',
  'α + β = γ',
  'My password is strong',
  'Call me at 5pm; or email',
  'From: John',
  'To whom it may concern',
  'Subject to change',
  'shipping & handling',
  'terms & conditions apply',
  '"quoted" text',
  "single 'quoted' text",
  'semi;colon;list',
  'pipe | separated | values',
  'tab\tseparated',
  'line one\nline two',
  'Best regards,\nAlice',
  'item1,item2,item3',
  '[1, 2, 3]',
  '{"a": 1}',
  'key=value',
  'a=1&b=2',
  'path/to/file.txt',
  'file.tar.gz',
  'report (final).docx',
  'IMG_2024_01.JPG',
  'résumé.pdf',
  'Smith-Jones',
  'van der Berg',
  "Mc'Donald",
  "L'Oréal",
  "O'Neil & Sons",
  "Ben & Jerry's ice cream",
  'select * from menu — just kidding, the menu is on page 2',
  'I love SQL and HTML',
  'The script starts at 9',
  'alert level: high',
  'confirm your email',
  'prompt delivery',
  'eval period ends',
  'document the process',
  'window seat please',
  'onload time is 2s',
  'online order',
  'one or two',
  'or else',
  '1 or 2 items',
  'A or B',
  'yes and no',
  'not sure',
  'like new',
  'is it in stock?',
  'between 5 and 10',
  'limit 2 per customer',
  'group by size',
  'having fun',
  'case closed',
  'end of story',
  'begin again',
  'all set',
];
const FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'Dave',
  'Eve',
  'Frank',
  'Grace',
  'Heidi',
  'Ivan',
  'Judy',
  'Mallory',
  'Niaj',
  'Olivia',
  'Peggy',
  'Rupert',
  'Sybil',
  'Trent',
  'Victor',
  'Walter',
  'Zoë',
];
const WORDS = [
  'blue',
  'shoes',
  'delivery',
  'monday',
  'coupon',
  'return',
  'refund',
  'size',
  'large',
  'cotton',
  'gift',
  'wrap',
  'express',
  'store',
  'pickup',
  'color',
  'red',
  'order',
  'select',
  'from',
  'where',
  'union',
  'and',
  'or',
  'not',
  'like',
  'table',
  'drop',
  'update',
  'script',
  'alert',
  'cat',
  'echo',
  'sleep',
  'type',
  'set',
  'if',
  'then',
  'else',
  'end',
  'in',
  'is',
  'by',
  'all',
  'as',
  'on',
  'to',
  'the',
  'a',
  'of',
  'with',
  '5',
  '10',
  '2024',
  "it's",
  "don't",
  '&',
  '-',
  '(',
  ')',
  ',',
  '.',
  '!',
  '?',
  ':',
  ';',
  '"',
  "'",
  '/',
  '+',
  '=',
  '<',
  '>',
  '%',
  '#',
  '@',
  '*',
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36',
  'curl/7.88.1',
  'python-requests/2.31.0',
  'okhttp/4.12.0',
  'Go-http-client/1.1',
  'PostmanRuntime/7.36.0',
  'axios/1.6.2',
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

export function benignValues(count = 4000): LabeledValue[] {
  const r = rng(42);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [...PHRASES, ...USER_AGENTS];
  while (out.length < count) {
    const kind = Math.floor(r() * 8);
    if (kind === 0) out.push(`${pick(FIRST)} ${pick(FIRST)}son`);
    else if (kind === 1)
      out.push(`${pick(FIRST).toLowerCase()}.${Math.floor(r() * 1000)}@example.${pick(['com', 'org', 'net'])}`);
    else if (kind === 2) out.push(Array.from({ length: 2 + Math.floor(r() * 10) }, () => pick(WORDS)).join(' '));
    else if (kind === 3) out.push(`${pick(PHRASES)} ${pick(PHRASES)}`);
    else if (kind === 4)
      out.push(
        Buffer.from(Array.from({ length: 12 + Math.floor(r() * 24) }, () => Math.floor(r() * 256))).toString(
          pick(['base64', 'hex', 'base64url']),
        ),
      );
    else if (kind === 5)
      out.push(
        `https://${pick(['www.example.com', 'shop.example.org', 'api.example.net'])}/${pick(WORDS)}/${Math.floor(r() * 1e4)}?ref=${pick(WORDS)}`,
      );
    else if (kind === 6) out.push(`${Math.floor(r() * 1e5)}`);
    else out.push(`${pick(WORDS)}${pick(['-', '_', '.', ''])}${pick(WORDS)}${Math.floor(r() * 100)}`);
  }
  return out.map((value) => ({ expect: null, value, source: 'synthetic/benign', split: splitOf('benign' + value) }));
}

/**
 * English prose nobody tuned against: the text lines (outside code blocks, without markup) of the
 * README.md files of the installed npm packages. Always held out (never used for learning).
 */
export function readmeProse(): LabeledValue[] {
  const root = path.resolve(__dirname, '../../node_modules');
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 3 || !fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (/^readme\.md$/i.test(e.name)) files.push(p);
    }
  };
  walk(root, 0);
  const lines = new Set<string>();
  for (const f of files) {
    let code = false;
    for (const raw of fs.readFileSync(f, 'utf8').split('\n')) {
      if (raw.startsWith('```')) code = !code;
      const l = raw.trim();
      if (!code && l.length > 15 && !l.includes('`') && !l.startsWith('|') && !/<\w/.test(l)) lines.add(l);
    }
  }
  return [...lines].map((value) => ({ expect: null, value, source: 'readme/prose', split: 'test' as const }));
}
