// The output formats' names alone, for flag definitions and help: importing them loads no renderer.

export const FORMATS = ["table", "csv", "json", "markdown", "html"] as const;
export type Format = (typeof FORMATS)[number];

export const CSV_TABLES = ["summary", "deployments", "changes", "incidents"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];
