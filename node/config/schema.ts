/**
 * The JSON Schema of go-node.yaml. Its one source is docs/go-node.schema.json (published for
 * editors); this module compiles that very file, with the custom formats of ./formats.
 */
import Ajv from 'ajv';
import schemaJson from '../../docs/go-node.schema.json';
import { formats } from './formats';

export const schema: object = schemaJson;

function compile() {
  // validateSchema: false skips compiling the draft-07 meta-schema at every start (a third of
  // start-up time); test/unit/config/schema.test.ts checks the published schema against it.
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true, validateSchema: false });
  for (const [name, f] of Object.entries(formats)) {
    ajv.addFormat(name, { type: 'string', validate: (v: string) => f.check(v) === null });
  }
  return ajv.compile<unknown>(schemaJson);
}

export const validateDocument = compile();
