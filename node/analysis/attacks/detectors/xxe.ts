/**
 * XML external entities: a DOCTYPE that declares an entity with SYSTEM or PUBLIC (external or
 * parameter entity), or loads an external DTD itself, and XInclude / schema includes that make
 * the parser fetch a resource.
 */
export function isXxe(value: string): boolean {
  if (/<!ENTITY\s+(?:%\s*)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\s/i.test(value)) return true;
  // The W3C's own DTDs (`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML...">`) are ordinary documents.
  if (/<!DOCTYPE\s+[^\s>[]+\s+(?:SYSTEM|PUBLIC)\s/i.test(value) && !/<!DOCTYPE\s+[^\s>[]+\s+PUBLIC\s+["']-\/\/W3C\/\//i.test(value)) return true;
  return /<xi:include\b|<xs:(?:include|import|redefine)\b[^>]*\b(?:namespace|schemaLocation)\s*=\s*["'](?:https?|ftp|file):/i.test(value);
}
