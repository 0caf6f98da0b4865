/**
 * A section of go-node.yaml whose keys are its settings' names in snake_case (`max_depth` for
 * `maxDepth`), read onto the settings' defaults: a key the section does not have (or null) keeps
 * its default, so that a config without the section (tests, tools) gets the schema's defaults. The
 * schema has checked each value's type; `convert` turns a raw value into the setting's (a size
 * string into bytes), `undefined` keeping the default.
 */
export function readSection<T extends object>(
  section: unknown,
  defaults: T,
  convert: { [K in keyof T]?: (raw: unknown) => T[K] | undefined } = {},
): T {
  const raw = (section ?? {}) as Record<string, unknown>;
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof T & string>) {
    const value = Object.hasOwn(raw, snakeCase(key)) ? raw[snakeCase(key)] : undefined;
    if (value === undefined || value === null) continue;
    const setting = convert[key] ? convert[key](value) : (value as T[typeof key]);
    if (setting !== undefined) out[key] = setting;
  }
  return out;
}

/** `maxParametersPerEndpoint` -> `max_parameters_per_endpoint`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}
