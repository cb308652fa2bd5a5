import { Kind, parse, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { nodesSelect, selectionsAt, selects } from './selection.js';

// The resolve info of the operation's first field, as far as the selection helpers read it.
function infoOf(query: string): GraphQLResolveInfo {
  const doc = parse(query);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const field = operation.selectionSet.selections[0]!;
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

describe('selection lookahead', () => {
  it('finds a field down a path, through inline and named fragments and aliases', () => {
    const info = infoOf(`{ designs { edges { node { ... on Design { latestVersion { cid } } ...N } } } }
      fragment N on Design { newest: latestVersion { description } }`);
    const latest = selectionsAt(info, ['edges', 'node', 'latestVersion']);
    expect(latest).toHaveLength(2);
    expect(nodesSelect(latest, 'description')).toBe(true);
    expect(nodesSelect(latest, 'parts')).toBe(false);
    expect(selectionsAt(info, ['edges', 'node', 'ownerAccount'])).toEqual([]);
    expect(selects(info, 'totalCount')).toBe(false);
  });

  it('finds nothing when the path is not asked for', () => {
    const info = infoOf('{ designs { totalCount edges { cursor } } }');
    expect(selectionsAt(info, ['edges', 'node', 'latestVersion'])).toEqual([]);
    expect(selects(info, 'totalCount')).toBe(true);
  });
});
