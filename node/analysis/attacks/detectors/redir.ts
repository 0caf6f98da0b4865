/**
 * Open redirect: a parameter that says "where to go next" holding an absolute URL to another
 * host than the site's own (Host, or X-Forwarded-Host behind a proxy) or its subdomains, or a scheme-relative / backslash trick (`//evil`,
 * `/\evil`, `https:evil`) that browsers resolve to another host. Generic names (`url`, `link`,
 * `u`...) carry ordinary links too (sharing, previews), so for them an external URL counts only on
 * an endpoint whose path says it redirects (`/redirect`, `/login`, `/out`, `/sso`...).
 */
const REDIRECT_NAMES = /^(?:redirect|redirect_?ur[il]|redir|redirect_?to|return|return_?to|return_?ur[il]|returnpath|next|next_?url|goto|go|dest|destination|continue|forward|forward_?url|rurl|out|target|to|checkout_?url|success_?url|cancel_?url|failure_?url|login_?url|logout_?url|callback_?url|jump|jump_?url|back|back_?url|origin_?url|service)$/;
const GENERIC_NAMES = /^(?:u|url|uri|link|href|view|page|path|callback|ref|r|q|image_?url)$/;
const REDIRECT_ENDPOINT = /redirect|redir|login|logout|log_?in|log_?out|sign_?in|sign_?out|sso|oauth|auth|callback|return|goto|\/go\b|jump|\/out\b|exit|away|click|track|link/i;

export function isOpenRedirect(value: string, name: string, ownHosts: string[], requestPath: string): boolean {
  const key = name.replace(/-/g, '_');
  const named = REDIRECT_NAMES.test(key);
  const generic = GENERIC_NAMES.test(key);
  if (!named && !generic) return false;
  const onRedirectEndpoint = named || REDIRECT_ENDPOINT.test(requestPath);
  const v = value.trim().replace(/[\t\n\r]/g, '');
  if (/^(?:\/\/|\/\\|\\\\|\\\/)[^/\\]/.test(v) || /^https?:(?![/\\]{2})[^/\s]/i.test(v) || /^https?:[/\\]{1,2}\\/i.test(v)) {
    return onRedirectEndpoint;
  }
  if (!onRedirectEndpoint) return false;
  const m = /^(?:https?|ftp):\/\/(?:[^@/?#\s]*@)?([^/:?#\s]+)/i.exec(v);
  if (!m) return false;
  const host = m[1].toLowerCase().replace(/\.$/, '');
  return ownHosts.length > 0 && !ownHosts.some((own) => host === own || host.endsWith('.' + own));
}
