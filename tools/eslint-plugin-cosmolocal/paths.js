import { relative, sep } from 'node:path';

/** The linted file's path from the project root (ESLint's cwd), with forward slashes. */
export function projectPath(context) {
  return relative(context.cwd, context.filename).split(sep).join('/');
}

/** Calls `onSource(node, source)` for every static import, re-export and literal dynamic import. */
export function importVisitors(onSource) {
  const visit = (node) => {
    if (node.source && node.source.type === 'Literal' && typeof node.source.value === 'string') onSource(node, node.source.value);
  };
  return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
}
