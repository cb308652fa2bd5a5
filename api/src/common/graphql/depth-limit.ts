import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

// Refuses operations nested deeper than `max` (fragments expanded; introspection counted like any
// field, but for the wrapper chain of `ofType`).
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>, introspecting = false): number => {
      if (!set) return depth;
      let deepest = depth;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          // An introspection `ofType` chain follows a type's wrappers (list, non-null) and ends at
          // the first named type, so it costs nothing to nest: the standard introspection query
          // of every GraphQL client nests it nine deep. Everything else counts.
          const inside = introspecting || sel.name.value === '__schema' || sel.name.value === '__type';
          const step = inside && sel.name.value === 'ofType' ? 0 : 1;
          deepest = Math.max(deepest, sel.selectionSet ? depthOf(sel.selectionSet, depth + step, seen, inside) : depth + step);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(sel.selectionSet, depth, seen, introspecting));
        } else {
          const name = sel.name.value;
          const fragment = fragments.get(name);
          if (fragment && !seen.has(name))
            deepest = Math.max(deepest, depthOf(fragment.selectionSet, depth, new Set(seen).add(name), introspecting));
        }
        if (deepest > max) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, 0, new Set());
        if (depth > max) {
          context.reportError(new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${max}.`, { nodes: [node] }));
        }
      },
    };
  };
}
