/**
 * The reference cloud merges API-discovery deltas with the node's own rules
 * (node/analysis/discovery/merge.ts), so both build the same inventory from the same deltas; partial
 * session records from several nodes merge by node/analysis/sessions/merge.ts.
 */
export { Inventory, endpointKey, mergeEndpoint, mergeBy, normaliseDelta, type Json } from '../node/analysis/discovery/merge';
export { mergePartialSessions, mergeSessionPair, type SessionMergeOptions } from '../node/analysis/sessions/merge';
