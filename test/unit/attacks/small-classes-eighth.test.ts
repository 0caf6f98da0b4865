/**
 * The smaller classes, eighth round (branch i18-small8, docs/detection.md "The smaller classes,
 * eighth round"): forms each language makes certain that the earlier rounds did not read.
 * Xpathi: a closed string, `or`/`and`, then a descendant path from the root as the condition; a
 * numeric predicate closed, a root path unioned and a predicate reopened (`1] | //* | //*[1`).
 * Ssrf: a 6to4 address (RFC 3056) has the scope of the IPv4 address it carries when that is inside.
 * Ssti also: Jinja's and Twig's whitespace control at a tag's end, Template Toolkit's `[% %]`.
 * Xxe: a schema hint whose location names a host and no document; a document in a parameter
 * declared UTF-7; XInclude known by its namespace and a schema's include under any prefix. Ssti: Ruby's whole `ENV` printed; the Java Class object reached by `.class` and
 * asked for its members. Redir: a field named for a target by the words of one (`destinationUrl`,
 * `landing_page`, `goto_url`) holding a redirect trick on any endpoint.
 * Every attack example here fails on main 1bd2d48; the look-alikes beside them stay quiet.
 * Where: `q` a query value, `next` the login's `next`, `json`/`form`/`xml` a field of that body
 * (helpers.ts); each value is encoded as a client sends it there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { ipv6Scope } from '../../../node/analysis/attacks/detectors/address-scope';
import { BROWSER, HOST, RELAXED, type Where, namedExamples, tx, written } from './helpers';

const detector = new AttackDetector(RELAXED);

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
/** `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>` written in UTF-7 (RFC 2152). */
const UTF7_XXE =
  '<?xml version="1.0" encoding="UTF-7"?>+ADwAIQ-DOCTYPE x +AFsAPAAh-ENTITY e SYSTEM +ACI-file:///etc/passwd+ACIAPgBdAD4APA-x+AD4AJg-e+ADsAPA-/x+AD4-';

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // xpathi: a descendant path from the root as a condition after a closed string.
  ['a root path as the whole condition, in the query', 'xpathi', 'q', "' or //password or '"],
  ['a root path of several steps compared, in JSON', 'xpathi', 'json', "' or //users/user/password='x' or '"],
  ['a root path after a value, with and', 'xpathi', 'q', "admin' and //user or 'a'='b"],
  ['a numeric predicate closed, everything unioned, one reopened', 'xpathi', 'q', '1] | //* | //*[1'],
  ['the same with a named path, in JSON', 'xpathi', 'json', '0]|//password|a[0'],
  // xxe: a schema location that names a host and no document; UTF-7 in a parameter.
  ['a lone schema location at a bare host, in an XML field', 'xxe', 'q', `<x ${XSI} xsi:schemaLocation="http://oob.example/"/>`],
  ['the location of a pair at a bare host, in JSON', 'xxe', 'json', `<x ${XSI} xsi:schemaLocation="urn:a http://oob.example"/>`],
  ['a no-namespace location at a bare host', 'xxe', 'q', `<x ${XSI} xsi:noNamespaceSchemaLocation="https://oob.example/"/>`],
  ['an external entity written in UTF-7, in the query', 'xxe', 'q', UTF7_XXE],
  ['the same in a JSON field', 'xxe', 'json', UTF7_XXE],
  [
    'XInclude under a prefix of its own',
    'xxe',
    'q',
    '<foo xmlns:x="http://www.w3.org/2001/XInclude"><x:include parse="text" href="file:///etc/passwd"/></foo>',
  ],
  [
    'XInclude as the default namespace, in JSON',
    'xxe',
    'json',
    '<foo><include xmlns="http://www.w3.org/2001/XInclude" parse="text" href="file:///etc/passwd"/></foo>',
  ],
  ["a schema's include under the xsd prefix", 'xxe', 'q', '<xsd:include schemaLocation="http://oob.example/x.xsd"/>'],
  [
    "a schema's import under another prefix, in JSON",
    'xxe',
    'json',
    '<s:import namespace="urn:x" schemaLocation="file:///etc/x.xsd"/>',
  ],
  // ssrf: a 6to4 address that carries an inside IPv4 address.
  ['6to4 carrying the loopback address, in the query', 'ssrf', 'q', 'http://[2002:7f00:1::]/'],
  ['6to4 carrying a private address, in JSON', 'ssrf', 'json', 'http://[2002:c0a8:101::]/admin'],
  // ssti: Ruby's whole environment, the Java Class object's members.
  ["ERB printing Ruby's whole ENV", 'ssti', 'q', '<%= ENV %>'],
  ['ERB printing ENV as a hash, in JSON', 'ssti', 'json', '<%= ENV.to_h %>'],
  ["Velocity's class asked for a resource path", 'ssti', 'q', '${class.getResource("").getPath()}'],
  ["a value's class asked for its methods, in JSON", 'ssti', 'json', '${product.class.getMethods()}'],
  ["Jinja's print with whitespace control at both ends", 'ssti', 'q', '{%- print 7*7 -%}'],
  ["Twig's engine global with whitespace control, in JSON", 'ssti', 'json', '{{~ config ~}}'],
  ["Template Toolkit's tag given a product", 'ssti', 'q', '[% 7*7 %]'],
  ["Template Toolkit's tag with its markers, in JSON", 'ssti', 'json', '[%- 7 * 7 -%]'],
];

const BENIGN: Array<[string, Where, string]> = [
  // xpathi look-alikes: prose naming a scheme-relative link, a comment, a relative file.
  ['a scheme-relative link in prose', 'q', "'https:' or //cdn.example.com"],
  ['a comment mark in prose', 'json', "use 'a' or // comment and so on"],
  ['a quoted word or a path with a host', 'q', '"yes" or //example.com/path'],
  ['a note number closed before a path, nothing reopened', 'q', 'see note 2] | /usr/bin'],
  ['an index then a union in code', 'json', 'a[1] | b[2]'],
  // xxe look-alikes: schema hints that name schema documents, a namespace that is a bare host.
  [
    'a schema pair whose location is a document',
    'q',
    `<x ${XSI} xsi:schemaLocation="http://www.example.com/ns http://www.example.com/ns/x.xsd"/>`,
  ],
  [
    'a namespace that is a bare host, its location a document',
    'json',
    `<x ${XSI} xsi:schemaLocation="http://example.com/ http://example.com/x.xsd"/>`,
  ],
  [
    "Spring's beans schema",
    'json',
    `<beans ${XSI} xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd"/>`,
  ],
  ['a no-namespace schema document', 'q', `<x ${XSI} xsi:noNamespaceSchemaLocation="http://www.ehcache.org/ehcache.xsd"/>`],
  [
    'an XML document in UTF-7 without a DOCTYPE',
    'json',
    '<?xml version="1.0" encoding="UTF-7"?>+ADw-note+AD4-hello+ADw-/note+AD4-',
  ],
  ['a relative schema include', 'q', '<xsd:include schemaLocation="common.xsd"/>'],
  [
    'a document that binds XInclude and includes nothing',
    'json',
    '<book xmlns:xi="http://www.w3.org/2001/XInclude"><title>XInclude</title><p>The include element</p></book>',
  ],
  ['an element whose name starts with include', 'q', '<doc xmlns:inc="http://www.w3.org/2001/XInclude"><inc:includeMe/></doc>'],
  ['6to4 carrying a public address', 'q', 'http://[2002:808:808::1]/'],
  // ssti look-alikes: one variable of ENV, a member named class, a lower-case env.
  ['ERB printing one variable of ENV', 'q', "<%= ENV['HOME'] %>"],
  ["a template reading an item's class name", 'json', '{{ item.class.name }}'],
  ['a member whose name starts with class', 'q', '${item.className}'],
  ['a template variable named env', 'json', '${env}'],
  ['Template Toolkit including a template', 'q', '[% INCLUDE header %]'],
  ['Template Toolkit multiplying data, in JSON', 'json', '[% price * qty %]'],
  ['a template multiplying data with whitespace control', 'q', '{{- price * qty -}}'],
  ['a template subtracting data', 'json', '{{ a - b }}'],
];

namedExamples(detector, ATTACKS, BENIGN);

/** A query parameter `name=value` on a path that says nothing of redirects. */
function classesOfNamed(name: string, value: string): AttackClass[] {
  const target = `/api/settings?${name}=${encodeURIComponent(value)}`;
  return [...new Set(detector.detect(tx({ target, headers: [HOST, BROWSER] }))?.hits.map((h) => h.class) ?? [])];
}

const TARGET_NAMES = ['destinationUrl', 'landing_page', 'goto_url', 'exit_url', 'dest_url'];
const TRICKS = ['//evil.example', 'https://shop.example@evil.example', 'https:evil.example'];

for (const name of TARGET_NAMES) {
  test(`redir: a trick in ${name}, a field named for a target`, () => {
    for (const trick of TRICKS) assert.ok(classesOfNamed(name, trick).includes('redir'), `${name}=${trick}`);
  });
}

test('benign: ordinary URLs and paths in fields named for a target stay quiet', () => {
  for (const name of TARGET_NAMES) {
    for (const v of ['https://partner.example/oauth/callback?state=1', '/orders/42?tab=items', 'https://shop.example/account']) {
      assert.deepEqual(classesOfNamed(name, v), [], `${name}=${v}`);
    }
  }
});

/** The gotestwaf body (its host as the corpus writes it), whole, as an XML request. */
test('xxe: a whole XML body whose only schema hint names a bare host', () => {
  const body = `<?xml version="1.0" encoding="utf-8" standalone="no" ?><x ${XSI} xsi:schemaLocation="http://oob-xsi.example[.]com/"/>`;
  const hits = detector.detect(tx(written('xml', body)))?.hits ?? [];
  assert.ok(
    hits.some((h) => h.class === 'xxe'),
    JSON.stringify(hits.map((h) => h.class)),
  );
});

test('address scope: 6to4 carries its IPv4 address when inside, stays public otherwise', () => {
  const table: Array<[string, string]> = [
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:c0a8:101::', 'private'],
    ['2002:808:808::1', 'public'],
  ];
  for (const [address, scope] of table) assert.equal(ipv6Scope(address), scope, address);
});
