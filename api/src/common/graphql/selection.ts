import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

// Whether the client asked for `field` directly under the resolved field. Fragments count
// as "maybe", so the answer errs towards computing it.
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD ? s.name.value === field : s.kind === Kind.INLINE_FRAGMENT ? visit(s.selectionSet) : true,
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

// The selections of the field reached from the resolved field by `path` (e.g. edges → node →
// latestVersion), through inline fragments and named fragments; empty when the client did not ask.
// Lets a list resolver fetch with its page what the fields below it would otherwise each load.
export function selectionsAt(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    const visit = (set: SelectionSetNode | undefined): void =>
      set?.selections.forEach((s) => {
        if (s.kind === Kind.FIELD) {
          if (s.name.value === name) next.push(s);
        } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
        else visit(info.fragments[s.name.value]?.selectionSet);
      });
    nodes.forEach((n) => visit(n.selectionSet));
    nodes = next;
  }
  return [...nodes];
}

// Whether any of these field nodes selects `field` directly (fragments counted as "maybe", as `selects`).
export function nodesSelect(nodes: readonly FieldNode[], field: string): boolean {
  return selects({ fieldNodes: nodes } as GraphQLResolveInfo, field);
}
