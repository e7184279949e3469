// Rows of several tables read in one statement (a join: the sender with their team and waiting
// question, a customer with its open deal) come back as one flat row. Each table's columns are
// listed with a prefix ("u_id", "o_amount") and picked back out by it. The columns come from
// Prisma's generated scalar-field lists, so a column added to a model is read here too.
type Fields = Record<string, string> | readonly string[];

const names = (fields: Fields): readonly string[] => (Array.isArray(fields) ? fields : Object.values(fields));

/** `alias."col" AS "<prefix>col"` for every field; `asText` columns cast to text (enums, for both drivers alike). */
export function prefixedColumns(alias: string, prefix: string, fields: Fields, asText: ReadonlySet<string> = new Set()): string[] {
  return names(fields).map((f) => `${alias}."${f}"${asText.has(f) ? '::text' : ''} AS "${prefix}${f}"`);
}

/** The fields of one table out of a flat row, by their prefix. */
export function pickPrefixed<T>(row: Record<string, unknown>, prefix: string, fields: Fields): T {
  const out: Record<string, unknown> = {};
  for (const f of names(fields)) out[f] = row[`${prefix}${f}`];
  return out as T;
}
