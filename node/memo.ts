/**
 * A pure function of a string, remembered per string: the node meets the same few values again
 * and again (header names, User-Agents, Hosts, peer addresses, search words, paths), and what it
 * works out from them is the same each time. Bounded, since the strings are the sender's choice:
 * keys longer than `maxKeyLength` are not remembered, and the memory is dropped when it holds
 * `maxEntries`. `compute` must not return undefined.
 */
export function memoized<T>(compute: (key: string) => T, maxEntries = 8192, maxKeyLength = 256): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= maxEntries) known.clear();
      known.set(key, value);
    }
    return value;
  };
}

/** Names (headers, cookies, parameters), lower-cased once each: the same few recur in every request. */
export const lowerName = memoized((name) => name.toLowerCase(), 4096);
