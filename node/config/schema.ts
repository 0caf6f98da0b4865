/**
 * The JSON Schema of go-node.yaml. Its one source is node/config/go-node.schema.json (published for
 * editors); documents are validated against that very file by ajv's code generated from it
 * (./schema-precompiled.ts, written by build/schema-code.ts with the custom formats of ./formats),
 * so a start compiles no schema (docs/performance.md, "i22-startup").
 */
import type { ValidateFunction } from 'ajv';
import schemaJson from './go-node.schema.json';
import { precompiledValidator } from './schema-precompiled';

export const schema: object = schemaJson;

export const validateDocument: ValidateFunction<unknown> = precompiledValidator;
