import type { RequestPoint } from '../../../records/types';

/**
 * Where a value sits, which decides the detectors that apply: e.g. `redir` only for URL-ish
 * parameters, `nosqli` operator keys only for keys, `xxe` only for DOCTYPEs.
 */
export const POINT_KINDS = [
  'path', // the whole path
  'path_segment',
  'path_tail', // the path from its first segment that is no plain name to its end, read whole (points/target.ts pathTailStart)
  'target', // an absolute-form request target up to its query (`http://127.0.0.1:6379/`): the host a forward proxy fetches
  'query',
  'form',
  'json',
  'xml',
  'multipart',
  'filename',
  'header',
  'cookie',
  'referer', // a parameter in the query of the Referer header (the page the client came from): a value it sent, like a cookie
  'body', // a body of no structured type, as text
  'key', // a parameter, JSON or multipart name (an attacker controls names too)
  'doctype', // an XML DOCTYPE declaration, as written
  'markup', // a whole XML document, for HTML smuggled inside it
  'urlencoded', // a whole query string or form body, when splitting it on `&` cut a command (`1&&curl x`): read for shell only
] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export interface RequestValue {
  point: RequestPoint;
  kind: PointKind;
  /** Lower-cased last name on the point (parameter, header, element) or '' for paths and bodies. */
  name: string;
  value: string;
}

/** Receives each value; returns false to stop extraction (the request's budget is used up). */
export type ValueSink = (v: RequestValue) => boolean;
