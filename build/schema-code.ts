/**
 * The go-node.yaml validator as JavaScript source (ajv standalone code), for the bundle: the same
 * schema, options and formats as node/config/schema.ts compiles at start from source. The code
 * loads the formats from node/config/ajv-formats.ts and ajv's small runtime helpers by name, so
 * esbuild bundles them in.
 */
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schemaJson from '../node/config/go-node.schema.json';
import { schemaAjv } from '../node/config/schema';

/** A CommonJS module (resolved from node/config/) exporting `precompiledValidator`. */
export function schemaValidatorModule(): string {
  const ajv = schemaAjv({ code: { source: true, formats: _`require("./ajv-formats").ajvFormats` } });
  const code = standaloneCode(ajv, ajv.compile(schemaJson));
  return `const generated = { exports: {} };\n(function (module, exports) {\n${code}\n})(generated, generated.exports);\nexports.precompiledValidator = generated.exports;\n`;
}
