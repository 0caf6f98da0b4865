/**
 * The reference cloud merges API-discovery deltas with the node's own rules
 * (node/analysis/discovery/merge.ts), so both build the same inventory from the same deltas.
 */
export { Inventory, endpointKey, mergeEndpoint, mergeBy, normaliseDelta, type Json } from '../node/analysis/discovery/merge';
