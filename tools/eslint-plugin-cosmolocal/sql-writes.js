// Which tables a SQL text writes: INSERT INTO, UPDATE, DELETE FROM, MERGE INTO, ALTER TABLE,
// TRUNCATE and DROP TABLE targets, wherever they stand (data-modifying CTEs included). Comments
// and string literals are skipped; `?` stands for a part that is not known statically.

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;

/** @param {string} sql @returns {string[]} tokens: upper-cased words, "quoted" identifiers, single punctuation */
function tokenize(sql) {
  const tokens = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      // A string literal; '' is an escaped quote inside it.
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
      i++;
      tokens.push("''");
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      tokens.push(sql.slice(i, end < 0 ? sql.length : end + 1));
      i = end < 0 ? sql.length : end + 1;
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(sql);
      if (word) {
        tokens.push(word[0].toUpperCase());
        i += word[0].length;
      } else {
        tokens.push(c);
        i++;
      }
    }
  }
  return tokens;
}

const isName = (t) => t !== undefined && (/^[A-Z_]/.test(t) || (t.startsWith('"') && t.length > 2));
const bare = (t) => (t.startsWith('"') ? t.slice(1, -1) : t.toLowerCase());

// Words that follow UPDATE when it is not a statement: ON CONFLICT DO UPDATE SET, FOR UPDATE OF,
// ON UPDATE CASCADE, BEFORE/AFTER UPDATE OF in triggers, GRANT UPDATE ON.
const NOT_A_TARGET = new Set(['SET', 'OF', 'ON', 'SKIP', 'NOWAIT', 'CASCADE', 'RESTRICT', 'NO', 'OR']);
const NOT_UPDATE_STATEMENT = new Set(['DO', 'FOR', 'KEY', 'ON', 'BEFORE', 'AFTER', 'OR', 'GRANT', ',']);

/** @param {string} sql @returns {string[]} the tables written, lower-case, without schema, in order of appearance */
export function writtenTables(sql) {
  const t = tokenize(sql);
  const found = [];
  // A (possibly schema-qualified) table name at t[i]; returns the index after it.
  const nameAt = (i) => {
    if (!isName(t[i])) return -1;
    let name = t[i];
    let next = i + 1;
    while (t[next] === '.' && isName(t[next + 1])) {
      name = t[next + 1];
      next += 2;
    }
    found.push(bare(name));
    return next;
  };
  const skip = (i, ...words) => {
    for (const w of words) if (t[i] === w) i++;
    return i;
  };
  for (let i = 0; i < t.length; i++) {
    const w = t[i];
    if ((w === 'INSERT' || w === 'MERGE') && t[i + 1] === 'INTO') nameAt(i + 2);
    else if (w === 'DELETE' && t[i + 1] === 'FROM') nameAt(skip(i + 2, 'ONLY'));
    else if (w === 'UPDATE' && !NOT_UPDATE_STATEMENT.has(t[i - 1]) && !NOT_A_TARGET.has(t[skip(i + 1, 'ONLY')]))
      nameAt(skip(i + 1, 'ONLY'));
    else if (w === 'ALTER' && t[i + 1] === 'TABLE') nameAt(skip(skip(i + 2, 'IF', 'EXISTS'), 'ONLY'));
    else if ((w === 'TRUNCATE' && t[i - 1] !== 'ON') || (w === 'DROP' && t[i + 1] === 'TABLE')) {
      let j = w === 'DROP' ? skip(i + 2, 'IF', 'EXISTS') : skip(i + 1, 'TABLE');
      for (;;) {
        j = nameAt(skip(j, 'ONLY'));
        if (j < 0 || t[j] !== ',') break;
        j++;
      }
    }
  }
  return [...new Set(found)];
}
