/**
 * The JSON Schema of go-node.yaml. Its one source is node/config/go-node.schema.json (published for
 * editors); this module validates against that very file, with the custom formats of ./formats.
 */
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import schemaJson from './go-node.schema.json';
import { ajvFormats } from './ajv-formats';
import { precompiledValidator } from './schema-precompiled';

export const schema: object = schemaJson;

/**
 * validateSchema: false skips compiling the draft-07 meta-schema at every start;
 * test/unit/config/schema.test.ts checks the published schema against it.
 */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
  validateSchema: false,
};

/** An ajv instance with the schema's formats; `options` adds to AJV_OPTIONS (build/schema-code.ts). */
export function schemaAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...options });
  for (const [name, format] of Object.entries(ajvFormats)) ajv.addFormat(name, format);
  return ajv;
}

export const validateDocument: ValidateFunction<unknown> = precompiledValidator ?? schemaAjv().compile<unknown>(schemaJson);
