import { inDeclaredEncoding } from '../points/xml';

/**
 * XML external entities: a DOCTYPE that declares an entity with SYSTEM or PUBLIC (external or
 * parameter entity) or any entity at all (expansion bombs), or loads an external DTD itself, and XInclude / schema includes that make
 * the parser fetch a resource. A document in a parameter is read as its declaration says it is
 * written (UTF-7, as the XML body reader does; branch i18-small8).
 */
export function isXxe(value: string): boolean {
  return readsExternal(inDeclaredEncoding(value));
}

function readsExternal(value: string): boolean {
  if (/<!ENTITY\s+(?:%\s*)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\s/i.test(value)) return true;
  // Any entity declared inside a request's DOCTYPE: internal ones are how expansion bombs
  // ("billion laughs") are built, and clients have no need to declare entities at all.
  if (/<!DOCTYPE\s+[^\s>[]+\s*(?:(?:SYSTEM|PUBLIC)\s[^[>]{0,400})?\[[\s\S]{0,4000}?<!ENTITY\s/i.test(value)) return true;
  // The W3C's own DTDs (`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML...">`) are ordinary documents.
  if (
    /<!DOCTYPE\s+[^\s>[]+\s+(?:SYSTEM|PUBLIC)\s/i.test(value) &&
    !/<!DOCTYPE\s+[^\s>[]+\s+PUBLIC\s+["']-\/\/W3C\/\//i.test(value)
  )
    return true;
  if (schemaAtHost(value) || includesByNamespace(value) || SCHEMA_INCLUDE.test(value)) return true;
  return /<xi:include\b|<xs:(?:include|import|redefine)\b[^>]*\b(?:namespace|schemaLocation)\s*=\s*["'](?:https?|ftp|file):/i.test(
    value,
  );
}

/**
 * A schema's include, import or redefine under any prefix (`<xsd:include schemaLocation="http://...">`,
 * `<s:import ... schemaLocation="file:...">`): a schema processor fetches the location; the prefix is
 * the writer's choice (`xs:` is read above with its namespace too; branch i18-small8). A relative
 * location (`common.xsd`) is the schema's own file.
 */
const SCHEMA_INCLUDE =
  /<(?:[a-z_][\w.-]{0,20}:)?(?:include|import|redefine)\b[^<>]{0,400}\bschemaLocation\s*=\s*["'](?:https?|ftp|file):/i;

/** A binding of XInclude's namespace (the 2001 and 2003 URIs), to a prefix or as the default. */
const XINCLUDE_BINDING = /\bxmlns(?::([a-z_][\w.-]{0,40}))?\s*=\s*["']http:\/\/www\.w3\.org\/200[13]\/XInclude["']/gi;

/**
 * An XInclude element under whatever prefix the value binds its namespace to, or under none when
 * it is the default (`<x:include href=...>` with `xmlns:x="http://www.w3.org/2001/XInclude"`): an
 * XML processor knows XInclude by its namespace, not by the customary `xi:` (branch i18-small8).
 */
function includesByNamespace(value: string): boolean {
  if (!/XInclude/i.test(value)) return false;
  XINCLUDE_BINDING.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = XINCLUDE_BINDING.exec(value)) !== null) {
    const element = m[1] === undefined ? 'include' : `${m[1]}:include`;
    if (new RegExp(`<${element.replace(/\./g, '\\.')}\\b`, 'i').test(value)) return true;
  }
  return false;
}

/** `xsi:schemaLocation="namespace location ..."` and `xsi:noNamespaceSchemaLocation="location"`, up to 2000 characters. */
const SCHEMA_HINT = /\bxsi:(schemaLocation|noNamespaceSchemaLocation)\s*=\s*(?:"([^"<>]{0,2000})"|'([^'<>]{0,2000})')/gi;
/** An absolute URL that names a host and no document: an empty path or `/` alone. */
const HOST_ONLY = /^(?:https?|ftp):\/\/[^/?#\s]+\/?$/i;

/**
 * A schema hint whose location names a host and no document (`xsi:schemaLocation="http://oob.example/"`):
 * a validating parser that follows hints contacts the host, and a schema is a file (`.../x.xsd`).
 * schemaLocation is a list of pairs (XML Schema Part 1, 4.3.2), namespace then location; a namespace
 * may well be a bare host (`http://example.com/`), so only the second of each pair is read, and a
 * token left without a partner (the whole hint a single URL) is read as a location.
 */
function schemaAtHost(value: string): boolean {
  if (!/schemaLocation/i.test(value)) return false;
  SCHEMA_HINT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCHEMA_HINT.exec(value)) !== null) {
    const tokens = (m[2] ?? m[3]).trim().split(/\s+/);
    const pairs = m[1].toLowerCase() === 'schemalocation';
    const locations = pairs ? tokens.filter((_t, i) => i % 2 === 1 || i === tokens.length - 1) : tokens;
    if (locations.some((t) => HOST_ONLY.test(t))) return true;
  }
  return false;
}
