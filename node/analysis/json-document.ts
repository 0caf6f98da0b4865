/**
 * JSON documents parsed once and shared by the analyses that read the same body: attack
 * extraction and API discovery both parse a JSON request body (docs/performance.md). The last few
 * texts are kept with their documents; a text equal to one of them gets the same document, which
 * is why the documents are read-only for every caller (JSON.parse is a pure function of the text).
 */

/** Texts remembered: a request is searched for attacks at its response's head and described at its end, with other connections' requests in between. */
const SLOTS = 8;
/** Texts longer than this are parsed anew: comparing them would cost close to what it saves. */
const MAX_TEXT = 1 << 20;

const texts: string[] = new Array<string>(SLOTS).fill('');
const docs: unknown[] = new Array<unknown>(SLOTS).fill(undefined);
let next = 0;

/** JSON.parse(text), or undefined when the text is no JSON; the document must not be changed. */
export function parseJsonShared(text: string): unknown {
  if (text.length > MAX_TEXT) return parse(text);
  for (let i = 0; i < SLOTS; i++) if (texts[i] === text && text !== '') return docs[i];
  const doc = parse(text);
  texts[next] = text;
  docs[next] = doc;
  next = (next + 1) % SLOTS;
  return doc;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
