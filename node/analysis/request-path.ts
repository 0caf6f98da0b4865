/** The path of a request target as routes and input filters see it. */

/** The target without scheme://authority (absolute form) and without ?query / #fragment. */
export function targetPath(target: string): string {
  let start = 0;
  if (target.charCodeAt(0) !== 47 /* / */) {
    const scheme = target.indexOf('://');
    if (scheme > 0) {
      const slash = target.indexOf('/', scheme + 3);
      if (slash < 0) return '/';
      start = slash;
    }
  }
  let end = target.length;
  const q = target.indexOf('?', start);
  if (q >= 0) end = q;
  const h = target.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  return target.slice(start, end);
}

/**
 * What nginx matches locations against: %XX decoded (invalid escapes kept), runs of slashes
 * merged, `.` and `..` segments resolved (never above the root).
 */
export function normalizePath(path: string): string {
  let decoded = path;
  if (path.includes('%')) {
    decoded = path.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      }
    });
  }
  if (!/\/\/|\/\.\.?(\/|$)/.test(decoded)) return decoded;
  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (seg === '..') out.pop();
    if (seg === '.' || seg === '..' || (seg === '' && !last)) {
      if (last) out.push('');
      continue;
    }
    out.push(seg);
  }
  return `/${out.join('/')}`;
}
