// SQLite SQL as the store modules write it, rewritten for PostgreSQL. Every dialect difference
// the store modules rely on is handled here, once per SQL text (the result is cached with the
// statement): `?` and `@name` parameters become `$n`, INSERT OR IGNORE becomes ON CONFLICT DO
// NOTHING, `IS NOT x` becomes IS DISTINCT FROM, json_each(?) lists become = ANY(json_array_elements),
// camelCase aliases are quoted (PostgreSQL folds unquoted names to lower case), and an INSERT
// into a table with an `id` gets RETURNING id for lastInsertRowid.

/** A statement ready for PostgreSQL. */
export interface TranslatedSql {
  text: string;
  /** `@name` parameters in $n order, when the statement binds one object; else null (positional). */
  names: string[] | null;
  /** How many positional parameters it takes. */
  positional: number;
  /** Whether RETURNING id was added to report lastInsertRowid. */
  returnsId: boolean;
}

/** Tables whose primary key is an `id` column (they get RETURNING id on INSERT). */
export type IdTables = ReadonlySet<string>;

/** Translate one SQLite statement. */
export function translateSql(sql: string, idTables: IdTables): TranslatedSql {
  const { text: numbered, names, positional } = numberParameters(sql);
  let text = mapOutsideLiterals(numbered, (code) =>
    code
      // IS NOT / IS between values (SQLite's null-safe comparisons).
      .replace(/\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)/gi, 'IS DISTINCT FROM ')
      .replace(/\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)/gi, 'IS NOT DISTINCT FROM ')
      // A JSON array of values bound as one parameter. Compared as text: json_array_elements_text
      // yields text, and both ids and strings print the same way in JSON and in PostgreSQL. As
      // `= ANY(ARRAY(…))`, not `IN (SELECT …)`: the planner then looks each value up in the
      // column's index (text columns: the cast is no cast), where IN (set-returning function)
      // had it scan the whole table (5.8 ms instead of 0.1 for a page's links on a small crawl).
      .replace(/([\w.]+)\s+IN\s+\(\s*SELECT\s+value\s+FROM\s+json_each\((\$\d+)\)\s*\)/gi, '$1::text = ANY(ARRAY(SELECT json_array_elements_text($2::json)))')
      // A list of integers (`CAST(value AS INTEGER)` says so): compared as integers, so that an
      // integer column's index is used too.
      .replace(/([\w.]+)\s+IN\s+\(\s*SELECT\s+CAST\(\s*value\s+AS\s+INTEGER\s*\)\s+FROM\s+json_each\((\$\d+)\)\s*\)/gi, '$1 = ANY(ARRAY(SELECT json_array_elements_text($2::json)::bigint))')
      .replace(/\bAS\s+([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/g, 'AS "$1"'),
  );
  const ignore = /^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i.test(text);
  if (ignore) text = text.replace(/^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i, 'INSERT INTO');
  const replace = /^\s*INSERT\s+OR\s+REPLACE\b/i.test(text);
  if (replace) throw new Error(`INSERT OR REPLACE has no PostgreSQL form here; write an upsert: ${sql}`);
  const insertInto = /^\s*INSERT\s+INTO\s+(\w+)/i.exec(text);
  const hasReturning = /\bRETURNING\b/i.test(stripLiterals(text));
  if (ignore) text = hasReturning ? text.replace(/\bRETURNING\b/i, 'ON CONFLICT DO NOTHING RETURNING') : `${text.trimEnd()} ON CONFLICT DO NOTHING`;
  const returnsId = insertInto !== null && !hasReturning && idTables.has(insertInto[1]!.toLowerCase());
  if (returnsId) text = `${text.trimEnd()} RETURNING id`;
  return { text, names, positional, returnsId };
}

/** Replace `?` with $1.. and `@name` with one $n per name, outside string literals and quoted names. */
function numberParameters(sql: string): { text: string; names: string[] | null; positional: number } {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '') && (c !== ':' || sql[i - 1] !== ':')) {
      const m = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))!;
      let n = names.indexOf(m[0]);
      if (n < 0) n = names.push(m[0]) - 1;
      out += `$${n + 1}`;
      i += 1 + m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`mixed ? and named parameters: ${sql}`);
  return { text: out, names: names.length > 0 ? names : null, positional };
}

/** Index just past the literal or quoted name that starts at `i` (a doubled quote escapes). */
function closing(sql: string, i: number): number {
  const q = sql[i]!;
  let j = i + 1;
  for (;;) {
    const k = sql.indexOf(q, j);
    if (k < 0) return sql.length;
    if (sql[k + 1] === q) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

/** Apply `fn` to the parts of `sql` outside '…' literals and "…" names. */
function mapOutsideLiterals(sql: string, fn: (code: string) => string): string {
  let out = '';
  let code = '';
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      out += fn(code);
      code = '';
      const end = closing(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else {
      code += c;
      i++;
    }
  }
  return out + fn(code);
}

function stripLiterals(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    if (sql[i] === "'" || sql[i] === '"') i = closing(sql, i);
    else out += sql[i++];
  }
  return out;
}
