/**
 * A pure string test remembered per text: values repeat across requests (search words, path
 * segments, whole paths of the same endpoints), and the costlier detectors (a SQL lexer, path
 * folding) then run once per distinct text. Bounded: texts longer than `maxLength` are not
 * remembered, and the memory is dropped when it holds `maxEntries`.
 */
export function memoized(test: (text: string) => boolean, maxEntries = 8192, maxLength = 256): (text: string) => boolean {
  const known = new Map<string, boolean>();
  return (text) => {
    if (text.length > maxLength) return test(text);
    let result = known.get(text);
    if (result === undefined) {
      result = test(text);
      if (known.size >= maxEntries) known.clear();
      known.set(text, result);
    }
    return result;
  };
}
