/**
 * The JSON Schema of go-node.yaml. Its one source is docs/go-node.schema.json (published for
 * editors); this module compiles that very file, with the custom formats of ./formats.
 */
import Ajv from 'ajv';
import schemaJson from '../../docs/go-node.schema.json';
import { formats } from './formats';

export const schema: object = schemaJson;

function compile() {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true });
  for (const [name, f] of Object.entries(formats)) {
    ajv.addFormat(name, { type: 'string', validate: (v: string) => f.check(v) === null });
  }
  return ajv.compile<unknown>(schemaJson);
}

export const validateDocument = compile();
