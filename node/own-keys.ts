/**
 * Plain objects keyed by names from traffic or config (header, parameter, cookie, JSON, GraphQL
 * names). Such a name may be an Object.prototype member (`__proto__`, `constructor`, `toString`):
 * `o[name]` then finds the inherited member instead of nothing, and `o[name] = v` with `__proto__`
 * replaces o's prototype instead of adding a key (docs/design.md, "Names from traffic"). Maps keyed
 * by input use a Map; the record formats that are plain JSON objects go through these two.
 */

/** What `o` holds under `key` itself; never an inherited member. */
export function ownValue<V>(o: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** Sets `key` as o's own property (for `__proto__` too) and returns `value`. */
export function setOwn<V>(o: Record<string, V>, key: string, value: V): V {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
  return value;
}
