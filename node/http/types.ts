import type { ConnectionInfo } from '../reassembly/types';

export type HeaderList = Array<[string, string]>;

export interface HttpBody {
  /** Body length after removing chunked transfer coding (before content decoding). */
  length: number;
  /** Hex SHA-256 over exactly those `length` bytes; '' when the pipeline does not digest bodies (HttpOptions.digestBodies). */
  sha256: string;
  /** The first bytes of the body, up to the configured inspection cap. */
  inspect: Buffer;
  /** True when `inspect` holds less than `length` bytes. */
  truncated: boolean;
  /** True when the message ended before its framing said it would (gap, close, cap). */
  incomplete: boolean;
}

export interface HttpRequest {
  method: string;
  target: string;
  version: string;
  headers: HeaderList;
  body: HttpBody;
  /** Chunked trailer fields, when the body was chunked and had any. */
  trailers?: HeaderList;
  /** HTTP/2 extended CONNECT (RFC 8441): the `:protocol` pseudo-header (`websocket`); absent otherwise. */
  protocol?: string;
  /** Capture time of the first and last byte, microseconds since the epoch. */
  startTs: number;
  endTs: number;
}

export interface HttpResponse {
  status: number;
  reason: string;
  version: string;
  headers: HeaderList;
  body: HttpBody;
  /** Chunked trailer fields, when the body was chunked and had any. */
  trailers?: HeaderList;
  startTs: number;
  endTs: number;
}

/** One request with the response paired to it in FIFO order on its connection (or null). */
export interface HttpTransaction {
  conn: ConnectionInfo;
  /** Position of the request on its connection, from 0. */
  index: number;
  request: HttpRequest;
  response: HttpResponse | null;
  /** Interim (1xx) responses seen before the final one, e.g. 100 Continue. */
  interim: Array<{ status: number; reason: string; headers: HeaderList }>;
  /** HTTP/2 only: the stream that carried it (docs/http2.md); absent for HTTP/1.x. */
  streamId?: number;
}

export type HttpErrorKind =
  | 'bad_request_line'
  | 'bad_status_line'
  | 'bad_header'
  | 'header_too_large'
  | 'bad_content_length'
  | 'bad_transfer_encoding'
  | 'bad_chunk'
  | 'response_without_request'
  | 'gap_in_message'
  | 'truncated_message';

export interface HttpEvents {
  transaction(tx: HttpTransaction): void;
  /** A protocol error: counted, logged at debug, and parsing resumes at the next message. */
  error(kind: HttpErrorKind, conn: ConnectionInfo, detail: string): void;
}
