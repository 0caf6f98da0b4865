/** Turns ajv's errors into ConfigProblems that say what is wrong, where, and how to fix it. */
import type { ErrorObject } from 'ajv';
import { formats } from './formats';
import { formatPath, type ConfigSource, type DocPath } from './source';
import { suggestion } from './suggest';

/** Modes of the upstream node that this node does not implement. */
export const UPSTREAM_ONLY_MODES = ['connector-server', 'envoy-external-filter'];
export const SUPPORTED_MODES = ['tcp-capture'];

function toPath(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

function typeHint(expected: string[], value: unknown, schema: { format?: string }): string {
  if (typeof schema.format === 'string' && schema.format.startsWith('go-duration') && typeof value === 'number')
    return `durations need a unit: write "${value}s" or "${value}ms"`;
  if (expected.includes('boolean') && typeof value === 'string') return 'write true or false, unquoted';
  if (expected.includes('integer') && typeof value === 'string' && /^-?[0-9]+$/.test(value)) return 'remove the quotes';
  if (expected.includes('array') && !Array.isArray(value)) return 'write a YAML list: one "- item" per line, or [a, b]';
  if (
    expected.includes('string') &&
    value !== null &&
    typeof value === 'object' &&
    Object.keys(value).some((k) => k.startsWith('-'))
  ) {
    return 'a flag and its value are two list items ("- -flag" then "- value"), or one as "-flag=value"';
  }
  return '';
}

function where(path: DocPath): string {
  const p = formatPath(path);
  return p ? `${p}: ` : '';
}

export function reportSchemaErrors(src: ConfigSource, errors: readonly ErrorObject[]): void {
  for (const e of errors) {
    const path = toPath(e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const properties = (e.parentSchema as { properties?: Record<string, { properties?: object }> }).properties ?? {};
        const valid = Object.keys(properties);
        const home =
          path.length === 0 ? valid.find((s) => properties[s].properties && key in properties[s].properties) : undefined;
        const hint = home ? `"${key}" belongs under "${home}:"; indent it below that line` : suggestion(key, valid, 'valid keys');
        src.problem([...path, key], `unknown key "${key}" in ${formatPath(path) || 'the top level'}`, hint, 'key');
        break;
      }
      case 'required': {
        const key = (e.params as { missingProperty: string }).missingProperty;
        const hint = key === 'mode' ? 'add the line "mode: tcp-capture"' : `add "${key}:"`;
        src.problem(path, `missing required key "${key}"${path.length ? ` in ${formatPath(path)}` : ''}`, hint, 'key');
        break;
      }
      case 'type': {
        const expected = ([] as string[]).concat((e.params as { type: string | string[] }).type);
        const wanted = expected.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
        src.problem(
          path,
          `${where(path)}expected ${wanted}, got ${describe(e.data)}`,
          typeHint(expected, e.data, e.parentSchema as { format?: string }),
        );
        break;
      }
      case 'enum':
        reportEnum(src, path, e);
        break;
      case 'format': {
        const f = formats[(e.params as { format: string }).format];
        src.problem(path, `${where(path)}${f.check(String(e.data))}`, f.hint);
        break;
      }
      case 'minimum':
      case 'maximum': {
        const { comparison, limit } = e.params as { comparison: string; limit: number };
        src.problem(path, `${where(path)}${String(e.data)} is out of range: must be ${comparison} ${limit}`);
        break;
      }
      case 'minLength':
        src.problem(path, `${where(path)}must not be empty`);
        break;
      case 'minProperties': {
        const keys = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
        src.problem(path, `${where(path)}empty rule matches nothing`, `give at least one of ${keys.join(', ')}`);
        break;
      }
      default:
        src.problem(path, `${where(path)}${e.message ?? 'invalid value'}`);
    }
  }
}

function reportEnum(src: ConfigSource, path: DocPath, e: ErrorObject): void {
  const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
  const value = String(e.data);
  if (formatPath(path) === 'mode') {
    if (UPSTREAM_ONLY_MODES.includes(value)) {
      src.problem(
        path,
        `mode "${value}" is not supported by this node`,
        `this node implements ${SUPPORTED_MODES.join(', ')}; ${UPSTREAM_ONLY_MODES.join(' and ')} are modes of the upstream node only`,
      );
    } else {
      src.problem(path, `unknown mode "${value}"`, suggestion(value, SUPPORTED_MODES, 'modes'));
    }
    return;
  }
  if (formatPath(path) === 'version') {
    src.problem(path, `config version ${value} is not supported`, `this node reads version: ${allowed.join(', ')}`);
    return;
  }
  src.problem(path, `${where(path)}unknown value "${value}"`, suggestion(value, allowed, 'valid'));
}
