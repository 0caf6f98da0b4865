/**
 * ajv's standalone validator for node/config/go-node.schema.json. From source this is null and
 * ./schema.ts compiles the schema at start; build/bundle.ts replaces this module with the code
 * ajv generates for the same schema and options (build/schema-code.ts), so the shipped node does
 * not compile a schema on every start (about a third of its start-up time).
 */
import type { ValidateFunction } from 'ajv';

export const precompiledValidator: ValidateFunction<unknown> | null = null;
