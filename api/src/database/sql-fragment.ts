// One statement built from parts that the modules owning its tables contribute: each owner exports
// a function returning its common table expressions (and, for the outbox, the rows of events it
// adds), numbering its parameters through the statement's shared list. So a caller that needs one
// round trip for speed still writes no SQL for tables it does not own.
export class SqlParams {
  readonly values: unknown[] = [];

  // The placeholder for a new parameter, with a cast when Postgres cannot infer the type.
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

export interface SqlFragment {
  ctes: string[]; // `name AS (…)`, in the order they are to appear
  events?: string; // a SELECT of outbox rows (type, aggregate_type, aggregate_id, payload, n), see outboxInsert
}
