/**
 * Security scanners and attack tools, by their own evidence only: the User-Agent they send by
 * default, out-of-band interaction domains (Burp Collaborator, interactsh...) anywhere in the
 * request, and requests for secrets files that no browser or application ever asks for
 * (`/.git/config`, `/.env`). Common admin paths (`/wp-login.php`, `/phpmyadmin/`) count only
 * together with a tool User-Agent, since real users open them too.
 */
import { memoized } from '../../../memo';
import type { RequestContext } from './request-context';

const TOOL_AGENTS = new RegExp(
  '\\.nasl\\b|\\bopenvas|\\b(?:sqlmap|nikto|nuclei|masscan|zgrab|dirbuster|gobuster|wpscan|acunetix|nessus|netsparker|' +
    'invicti|appscan|w3af|arachni|skipfish|wfuzz|ffuf|fuzz faster u fool|feroxbuster|dirb|nmap scripting engine|' +
    'nmap|zap|owasp zap|burp|havij|commix|jaeles|xsstrike|dalfox|whatweb|wapiti|vega|paros|webinspect|qualys|' +
    'hydra|medusa|joomscan|droopescan|cmsmap|j2ee scanner|morfeus|zmeu|censysinspect|httpx - open-source|' +
    'ghauri|tplmap|xsser|sqlninja|bbqsql|jorgee|grabber|gospider|katana|interactsh|l9explore|l9tcpid|' +
    'dirsearch|wafw00f|burpsuite|expanse, a palo alto networks company|netsystemsresearch|webfuzz|fimap|' +
    'sqlsus|pangolin|webshag|uniscan|golismero|nmap nse|masscan-ng)\\b',
  'i',
);
const OAST_DOMAINS = /(?:^|[^a-z0-9-])(?:burpcollaborator\.net|oastify\.com|oast\.(?:me|fun|pro|live|site|online)|interact\.sh|interactsh\.com|dnslog\.cn|ceye\.io|requestbin\.net|canarytokens\.com|xss\.ht|bxss\.me|dnslog\.link)\b/i;
const SECRET_PROBES = /^\/(?:[^?#]*\/)?(?:\.git(?:\/(?:config|head|index|logs\/)|\/?$)|(?:backup|dump|db|database|site|www)\.(?:sql|sql\.gz|tar\.gz|tgz|zip)$|\.env(?:\.\w+)?$|\.svn\/(?:entries|wc\.db)|\.hg\/|\.ds_store$|\.aws\/credentials|\.ssh\/|\.htpasswd$|\.bash_history$|\.npmrc$|\.docker\/config\.json|wp-config\.php(?:\.bak|~|\.old|\.save)$|\.vscode\/sftp\.json)/i;
const ADMIN_PROBES = /^\/(?:wp-login\.php|wp-admin\/|xmlrpc\.php|phpmyadmin\/|pma\/|admin\.php|administrator\/|manager\/html|cgi-bin\/|server-status|actuator\/|solr\/admin|jmx-console|console\/|phpinfo\.php|\.well-known\/security\.txt)/i;

/** Clients send the same User-Agent on every request: each is searched once (bounded memory). */
export const isToolAgent = memoized((userAgent) => TOOL_AGENTS.test(userAgent), 1024, 512);

export function hasOastDomain(value: string): boolean {
  return OAST_DOMAINS.test(value);
}

export function isProbePath(path: string, ctx: Pick<RequestContext, 'toolAgent'>): boolean {
  // The anchored path test is cheaper than the User-Agent lookup (a hash of it per request).
  return SECRET_PROBES.test(path) || (ADMIN_PROBES.test(path) && ctx.toolAgent);
}
