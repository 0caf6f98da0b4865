/**
 * What the cloud link needs from a logger. The node's concrete logger (node/config) satisfies this
 * structurally; tests pass a recorder. Fields are structured context, never secrets.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
