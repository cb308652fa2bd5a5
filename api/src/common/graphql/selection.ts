import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

// Whether the client asked for `field` directly under the resolved field. Fragments count
// as "maybe", so the answer errs towards computing it.
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD ? s.name.value === field : s.kind === Kind.INLINE_FRAGMENT ? visit(s.selectionSet) : true,
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
