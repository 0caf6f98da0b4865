/**
 * The path of a request target as routes and input filters see it: the toolkit's targetPath
 * (node/http/request, docs/http.md "Request targets"), normalised as nginx does.
 */
export { targetPath } from '../http/request';

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
