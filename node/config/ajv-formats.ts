/**
 * The schema's custom formats as ajv takes them: shared by the validator compiled at start
 * (./schema.ts, from source) and the one ajv generated at bundle time (build/schema-code.ts),
 * whose code loads this module by name.
 */
import type { FormatDefinition } from 'ajv';
import { formats } from './formats';

export const ajvFormats: Record<string, FormatDefinition<string>> = Object.fromEntries(
  Object.entries(formats).map(([name, f]) => [name, { type: 'string', validate: (v: string) => f.check(v) === null }]),
);
