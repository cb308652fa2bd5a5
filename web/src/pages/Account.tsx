import { type FormEvent } from 'react';
import { ErrorNote, Field, Loading, Select } from '../components/ui';
import { label } from '../lib/format';
import { graphql, type Enum } from '../lib/graphql';
import { useMutation, useQuery } from '../lib/hooks';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { Federation } from './Federation';

const CREATE_ORG = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
    }
  }
`);

const MEMBERS = graphql(`
  query Members($id: ID!) {
    organization(id: $id) {
      id
      name
      kind
      viewerRole
      members(first: 100) {
        edges {
          node {
            id
            role
            account {
              id
              name
            }
          }
        }
      }
    }
  }
`);

const ADD_MEMBER = graphql(`
  mutation AddMember($org: ID!, $email: String!, $role: MembershipRole!) {
    addMember(organizationId: $org, email: $email, role: $role) {
      id
    }
  }
`);

const REMOVE_MEMBER = graphql(`
  mutation RemoveMember($org: ID!, $account: ID!) {
    removeMember(organizationId: $org, accountId: $account) {
      id
    }
  }
`);

// Every kind the schema has, in this order (a kind added to the schema fails the type check here).
const KINDS = Object.keys({ COOPERATIVE: 1, MAKERSPACE: 1, DESIGN_COLLECTIVE: 1, COMMUNITY: 1, FEDERATION: 1 } satisfies Record<
  Enum<'OrganizationKind'>,
  1
>) as Enum<'OrganizationKind'>[];

// Your account, your organizations (the one you act for is chosen in the header), and, for admins,
// the organization's members.
export function AccountPage() {
  const { me, loading, organization, reload } = useSession();
  const create = useMutation(CREATE_ORG);
  if (loading) return <Loading />;
  if (!me) return <p>Sign in to see your account.</p>;
  const createOrg = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const done = await create.run({ input: { name: String(f.get('name')), kind: String(f.get('kind')) as Enum<'OrganizationKind'> } });
    if (done) {
      form.reset();
      reload();
    }
  };
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{me.name}</h1>
      <p className="muted">
        {me.email} · <code title="Your records are signed with this DID">{me.did}</code>
      </p>
      <h2>Your organizations</h2>
      {me.memberships.length ? (
        <ul>
          {me.memberships.map((m) => (
            <li key={m.id}>
              {m.organization.name}{' '}
              <span className="muted">
                ({label(m.organization.kind)}, {m.role.toLowerCase()})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet: create one, or ask an admin of yours to add you.</p>
      )}
      <form onSubmit={createOrg} className="form inline">
        <Field label="New organization’s name" name="name" required minLength={2} />
        <Select label="Kind" name="kind" defaultValue="COOPERATIVE">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {label(k)}
            </option>
          ))}
        </Select>
        <ErrorNote error={create.error} />
        <button type="submit" disabled={create.pending}>
          Create
        </button>
      </form>
      {organization && <Members organizationId={organization.id} />}
      {organization && <Federation organizationId={organization.id} />}
      <p>
        <Link to="/contributions">Your contributions and payouts</Link>
      </p>
    </section>
  );
}

function Members({ organizationId }: { organizationId: string }) {
  const { data, reload, error } = useQuery(MEMBERS, { id: organizationId });
  const add = useMutation(ADD_MEMBER);
  const remove = useMutation(REMOVE_MEMBER);
  const org = data?.organization;
  if (error) return <ErrorNote error={error} />;
  if (!org) return null;
  const admin = org.viewerRole === 'ADMIN';
  const addMember = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    if (await add.run({ org: org.id, email: String(f.get('email')), role: String(f.get('role')) as Enum<'MembershipRole'> })) {
      form.reset();
      reload();
    }
  };
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members of {org.name}</h2>
      <ul>
        {org.members.edges.map(({ node }) => (
          <li key={node.id}>
            {node.account.name} <span className="muted">({node.role.toLowerCase()})</span>{' '}
            {admin && (
              <button
                type="button"
                className="link"
                onClick={async () => (await remove.run({ org: org.id, account: node.account.id })) && reload()}
              >
                remove <span className="sr-only">{node.account.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={remove.error} />
      {admin && (
        <form onSubmit={addMember} className="form inline">
          <Field label="Add a member by email" name="email" type="email" required />
          <Select label="Role" name="role" defaultValue="MEMBER">
            <option value="MEMBER">member</option>
            <option value="TREASURER">treasurer</option>
            <option value="ADMIN">admin</option>
          </Select>
          <ErrorNote error={add.error} />
          <button type="submit" disabled={add.pending}>
            Add
          </button>
        </form>
      )}
    </section>
  );
}
