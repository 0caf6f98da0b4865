import pkg from '../package.json';

/** The product version, from package.json (bundled in at build time). */
export const VERSION: string = pkg.version;
