/**
 * Exposed administration and debug endpoints, recognised by their responses rather than their
 * paths (docs/vulnerabilities.md): Spring Boot actuator (env, configprops, mappings,
 * threaddump, httptrace, loggers, heapdump, an index linking to them), phpinfo(), the Werkzeug
 * console, Django Debug Toolbar, Rails web-console, the Symfony profiler, Apache server-status and
 * nginx stub_status.
 */

import { anyFound, LiteralSet } from './literals';

export interface AdminExposure {
  /** actuator:env, phpinfo, debug_console:werkzeug, server_status:apache... */
  id: string;
  excerpt: string;
}

interface AdminPattern {
  id: string;
  needs: string[];
  re: RegExp;
  /** Only in JSON bodies (actuator documents). */
  json?: boolean;
}

const ADMIN_PATTERNS: readonly AdminPattern[] = [
  {
    id: 'actuator:env',
    json: true,
    needs: ['Sources', 'Environment'],
    re: /"activeProfiles"\s{0,8}:[\s\S]{0,4000}?"propertySources"\s{0,8}:\s{0,8}\[|"propertySources"\s{0,8}:\s{0,8}\[[\s\S]{0,4000}?"activeProfiles"|"systemProperties"\s{0,8}:\s{0,8}\{[\s\S]{0,20000}?"systemEnvironment"\s{0,8}:\s{0,8}\{|"systemEnvironment"\s{0,8}:\s{0,8}\{[\s\S]{0,20000}?"systemProperties"\s{0,8}:\s{0,8}\{/,
  },
  {
    id: 'actuator:configprops',
    json: true,
    needs: ['Properties', 'PROPERTIES'],
    re: /"prefix"\s{0,8}:\s{0,8}"[\w.-]{1,200}"\s{0,8},\s{0,8}"(?:properties|inputs)"\s{0,8}:\s{0,8}\{/,
  },
  {
    id: 'actuator:mappings',
    json: true,
    needs: ['Servlets', 'HandlerMapping'],
    re: /"dispatcherServlets"\s{0,8}:\s{0,8}\{|"bean"\s{0,8}:\s{0,8}"(?:requestMappingHandlerMapping|resourceHandlerMapping|endpointHandlerMapping)"/,
  },
  {
    id: 'actuator:beans',
    json: true,
    needs: ['Configuration', 'Controller', 'Application'],
    re: /"aliases"\s{0,8}:\s{0,8}\[[^\]]{0,2000}\]\s{0,8},\s{0,8}"scope"\s{0,8}:\s{0,8}"(?:singleton|prototype)"/,
  },
  {
    id: 'actuator:threaddump',
    json: true,
    needs: ['RUNNABLE'],
    re: /"threads"\s{0,8}:\s{0,8}\[\s{0,8}\{[^{}]{0,400}"threadName"/,
  },
  {
    id: 'actuator:httptrace',
    json: true,
    needs: ['Taken'],
    re: /"(?:traces|exchanges)"\s{0,8}:\s{0,8}\[\s{0,8}\{\s{0,8}"timestamp"\s{0,8}:[^{}]{0,200}"(?:principal|request)"\s{0,8}:\s{0,8}\{/,
  },
  {
    id: 'actuator:loggers',
    json: true,
    needs: ['OFF'],
    re: /"levels"\s{0,8}:\s{0,8}\[\s{0,8}"OFF"\s{0,8},\s{0,8}"(?:FATAL|ERROR)"/,
  },
  {
    id: 'actuator:index',
    json: true,
    needs: ['_links'],
    re: /"_links"\s{0,8}:\s{0,8}\{[\s\S]{0,5000}?"(?:env|heapdump|configprops|threaddump|jolokia)"\s{0,8}:\s{0,8}\{\s{0,8}"href"/,
  },
  {
    id: 'phpinfo',
    needs: ['PHP Version'],
    re: /<title>(?:PHP [\d.]{1,20} - )?phpinfo\(\)<\/title>|<h1 class="p">PHP Version \d|\nPHP Version => \d/,
  },
  { id: 'server_status:apache_info', needs: ['Apache Server Information'], re: /<h1[^>]{0,40}>Apache Server Information<\/h1>/ },
  {
    id: 'error_log:elmah',
    needs: ['ELMAH', 'Error log for'],
    re: /<title>Error log for [^<\n]{0,200}<\/title>|Powered by <a href="[^"]{0,200}">ELMAH/,
  },
  {
    id: 'trace:aspnet_trace_axd',
    needs: ['Application Trace', 'Requests to this Application'],
    re: /Requests to this Application|<h1>Application Trace<\/h1>/,
  },
  { id: 'admin_panel:tomcat_manager', needs: ['Tomcat Web Application Manager'], re: /Tomcat Web Application Manager/ },
  { id: 'admin_panel:phpmyadmin', needs: ['MyAdmin'], re: /<title>[^<\n]{0,100}phpMyAdmin[^<\n]{0,40}<\/title>/ },
  { id: 'admin_panel:adminer', needs: ['Adminer'], re: /<title>[^<\n]{0,100}Adminer<\/title>/ },
  { id: 'admin_panel:jenkins_script_console', needs: ['Script Console'], re: /<title>Script Console \[Jenkins\]<\/title>/ },
  { id: 'debug_console:laravel_debugbar', needs: ['PhpDebugBar'], re: /PhpDebugBar\.DebugBar|new PhpDebugBar/ },
  { id: 'debug_console:flask_debug_toolbar', needs: ['Debug'], re: /id="flDebug"/ },
  { id: 'debug_console:werkzeug', needs: ['EVALEX'], re: /\bEVALEX\s{0,8}=\s{0,8}true/ },
  { id: 'debug_console:django_debug_toolbar', needs: ['Debug'], re: /id="djDebug"/ },
  {
    id: 'debug_console:rails_web_console',
    needs: ['__web_console'],
    re: /data-mount-point="\/__web_console"|__web_console\/repl_sessions/,
  },
  { id: 'debug_console:symfony_profiler', needs: ['Sfjs', 'Symfony'], re: /id="sfwdt[0-9a-f]{0,16}"|class="sf-toolbar/ },
  {
    id: 'server_status:apache',
    needs: ['Apache Status', 'Apache Server Status'],
    re: /<title>Apache Status<\/title>|<h1>Apache Server Status for /,
  },
  {
    id: 'server_status:nginx',
    needs: ['Active connections:'],
    re: /^Active connections: \d{1,12} \r?\nserver accepts handled requests/,
  },
];

/**
 * Literals whose presence lets a pattern be tried; each starts with a character that is rare in
 * prose and JSON (upper case, '_'), since a search runs at the speed at which the first character
 * is skipped. They need not be in the match (the actuator's class names, RUNNABLE).
 */
export const ADMIN_LITERALS: readonly string[] = [...new Set(ADMIN_PATTERNS.flatMap((p) => p.needs))];
const NEEDED = new LiteralSet(ADMIN_LITERALS);

/** Admin or debug endpoints in a textual body (actuator documents only when it is JSON); `found` as for bodyExposures. */
export function adminExposures(
  text: string,
  json: boolean,
  found: ReadonlySet<string> | null = NEEDED.find(text),
): AdminExposure[] {
  const out: AdminExposure[] = [];
  if (found === null) return out;
  for (const p of ADMIN_PATTERNS) {
    if ((p.json && !json) || !anyFound(found, p.needs)) continue;
    const m = p.re.exec(text);
    if (m !== null) out.push({ id: p.id, excerpt: m[0].replace(/\s+/g, ' ').slice(0, 160) });
  }
  return out;
}

/**
 * A Java heap dump (what /actuator/heapdump serves): HPROF's magic, or a gzip stream named as an
 * hprof file (Spring Boot 1). `head` is the raw body's first bytes.
 */
export function heapDump(head: Buffer, contentDisposition: string | null): AdminExposure | null {
  if (head.length >= 17 && head.toString('latin1', 0, 17) === 'JAVA PROFILE 1.0.')
    return { id: 'actuator:heapdump', excerpt: 'HPROF heap dump (JAVA PROFILE 1.0.x)' };
  if (
    head.length >= 2 &&
    head[0] === 0x1f &&
    head[1] === 0x8b &&
    contentDisposition !== null &&
    /\.hprof\b/i.test(contentDisposition)
  ) {
    return { id: 'actuator:heapdump', excerpt: `gzip heap dump (${contentDisposition.slice(0, 100)})` };
  }
  return null;
}
