/**
 * XML external entities: a DOCTYPE that declares an entity with SYSTEM or PUBLIC (external or
 * parameter entity) or any entity at all (expansion bombs), or loads an external DTD itself, and XInclude / schema includes that make
 * the parser fetch a resource.
 */
export function isXxe(value: string): boolean {
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
  return /<xi:include\b|<xs:(?:include|import|redefine)\b[^>]*\b(?:namespace|schemaLocation)\s*=\s*["'](?:https?|ftp|file):/i.test(
    value,
  );
}
