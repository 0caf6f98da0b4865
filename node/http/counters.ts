/** HTTP stage counters: plain numbers, shared by every connection of one pipeline. */
import type { HttpErrorKind } from './types';

export const HTTP_ERROR_KINDS: readonly HttpErrorKind[] = [
  'bad_request_line',
  'bad_status_line',
  'bad_header',
  'header_too_large',
  'bad_content_length',
  'bad_transfer_encoding',
  'bad_chunk',
  'response_without_request',
  'gap_in_message',
  'truncated_message',
];

export interface HttpCounters {
  /** Connections that carried at least one byte (the parsers are created then). */
  connections: number;
  /** Request heads parsed. */
  requests: number;
  /** Final (non-1xx) response heads parsed. */
  responses: number;
  /** 1xx responses other than 101 (e.g. 100 Continue). */
  interimResponses: number;
  transactions: number;
  transactionsWithoutResponse: number;
  /** Requests emitted with response null because NodeConfig.responseTimeoutSec passed. */
  responseTimeouts: number;
  /** Requests emitted with response null because more than maxPendingRequests were unanswered. */
  pendingEvicted: number;
  /** Responses that arrived after their request had been emitted (timeout, eviction): dropped. */
  lateResponses: number;
  /** Requests whose response was judged lost in a server-direction gap (realignment). */
  responsesLost: number;
  /** Server-direction resynchronisations that held responses to realign the pairing. */
  realignments: number;
  /** Connections switched to another protocol (101, CONNECT 2xx); not parsed further. */
  upgrades: number;
  tunnelBytes: number;
  /** Mid-stream connections whose client/server guess was reversed. */
  roleSwaps: number;
  gaps: number;
  /** Bytes skipped while looking for the next message start. */
  resyncSkippedBytes: number;
  bodiesTruncated: number;
  bodiesIncomplete: number;
  errors: Record<HttpErrorKind, number>;
}

export function createHttpCounters(): HttpCounters {
  const errors = {} as Record<HttpErrorKind, number>;
  for (const k of HTTP_ERROR_KINDS) errors[k] = 0;
  return {
    connections: 0,
    requests: 0,
    responses: 0,
    interimResponses: 0,
    transactions: 0,
    transactionsWithoutResponse: 0,
    responseTimeouts: 0,
    pendingEvicted: 0,
    lateResponses: 0,
    responsesLost: 0,
    realignments: 0,
    upgrades: 0,
    tunnelBytes: 0,
    roleSwaps: 0,
    gaps: 0,
    resyncSkippedBytes: 0,
    bodiesTruncated: 0,
    bodiesIncomplete: 0,
    errors,
  };
}
