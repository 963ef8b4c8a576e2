/** A search query that cannot be read; its message is one line, fit to show as it is. */
export class QueryError extends Error {}
