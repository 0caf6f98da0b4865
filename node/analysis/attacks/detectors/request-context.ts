import type { DetectionModels } from '../models';

/** What a detector knows of the request beyond the value itself. */
export interface RequestContext {
  /** The site's own names: Host and X-Forwarded-Host as sent, lower case without port, for "another host" decisions. */
  hosts: string[];
  /** The User-Agent is a known attack tool. */
  toolAgent: boolean;
  /** The request path, undecoded (some decisions depend on the endpoint). */
  path: string;
  /** The request target as sent, query included: what a value looked like before its point decoded it once. */
  target: string;
  /** The learned models in use (committed ones unless the detector was given others). */
  models: DetectionModels;
}
