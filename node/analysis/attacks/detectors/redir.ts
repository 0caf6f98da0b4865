/**
 * Open redirect: a parameter whose name says "where to go next" holding an absolute URL to another
 * host than the one the request was sent to, or a scheme-relative / backslash trick (`//evil`,
 * `/\evil`, `https:evil`) that browsers resolve to another host whatever the parameter.
 */
const REDIRECT_NAMES = /^(?:redirect|redirect_?ur[il]|redir|redirect_?to|return|return_?to|return_?ur[il]|returnpath|next|next_?url|goto|go|dest|destination|continue|forward|forward_?url|rurl|out|target|to|checkout_?url|success_?url|cancel_?url|failure_?url|login_?url|logout_?url|callback|callback_?url|jump|jump_?url|back|back_?url|ref|origin_?url|u|url|link|view|image_url|service)$/;

function isRedirectParam(name: string): boolean {
  return REDIRECT_NAMES.test(name.replace(/-/g, '_'));
}

export function isOpenRedirect(value: string, name: string, requestHost: string): boolean {
  const v = value.trim().replace(/[\t\n\r]/g, '');
  if (/^(?:\/\/|\/\\|\\\\|\\\/)[^/\\]/.test(v) || /^https?:(?![/\\]{2})[^/\s]/i.test(v) || /^https?:[/\\]{1,2}\\/i.test(v)) {
    return isRedirectParam(name);
  }
  if (!isRedirectParam(name) || name === 'url' || name === 'link' || name === 'view' || name === 'u') return false;
  const m = /^(?:https?|ftp):\/\/(?:[^@/?#\s]*@)?([^/:?#\s]+)/i.exec(v);
  if (!m) return false;
  const host = m[1].toLowerCase().replace(/\.$/, '');
  const own = requestHost.toLowerCase().replace(/:\d+$/, '');
  return own !== '' && host !== own && !host.endsWith('.' + own) && !own.endsWith('.' + host);
}
