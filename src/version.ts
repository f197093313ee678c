/** dora's version (package.json's): `dora --version`, and the schema URL `dora init` writes. */
export const VERSION = "0.1.0";
