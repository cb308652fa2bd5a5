import { readFileSync, statSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const cache = new Map();

// The elements of `const NAME = [...]` (optionally `as const`) in a TypeScript file, parsed once per
// version of the file. Project files that rules read (module table lists, the resolver registry) use
// this one declared shape, so a rule never guesses at other code.
export function constArrayElements(file, name) {
  const mtime = statSync(file).mtimeMs;
  const key = `${file}#${name}`;
  const hit = cache.get(key);
  if (hit && hit.mtime === mtime) return hit.elements;
  const { ast } = tseslint.parser.parseForESLint(readFileSync(file, 'utf8'), {
    sourceType: 'module',
    ecmaVersion: 'latest',
    filePath: file,
  });
  let elements;
  for (const statement of ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration.declarations) {
      let init = d.init;
      while (init && (init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression')) init = init.expression;
      if (d.id.type === 'Identifier' && d.id.name === name && init?.type === 'ArrayExpression') elements = init.elements;
    }
  }
  if (!elements) throw new Error(`${file}: expected \`const ${name} = [...]\``);
  cache.set(key, { mtime, elements });
  return elements;
}

/** String literal elements of `const NAME = [...] as const`; anything else is an error in that file. */
export function constStrings(file, name) {
  return constArrayElements(file, name).map((e) => {
    if (e?.type !== 'Literal' || typeof e.value !== 'string') throw new Error(`${file}: ${name} may hold string literals only`);
    return e.value;
  });
}
