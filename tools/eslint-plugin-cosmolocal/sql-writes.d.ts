/** The tables a SQL text writes, lower-case, without schema, in order of appearance. */
export function writtenTables(sql: string): string[];
