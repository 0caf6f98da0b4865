/**
 * The schema's custom formats as ajv takes them: build/schema-code.ts compiles the schema with them
 * and the validator it generates (./schema-precompiled.ts) loads this module by name.
 */
import type { FormatDefinition } from 'ajv';
import { formats } from './formats';

export const ajvFormats: Record<string, FormatDefinition<string>> = Object.fromEntries(
  Object.entries(formats).map(([name, f]) => [name, { type: 'string', validate: (v: string) => f.check(v) === null }]),
);
