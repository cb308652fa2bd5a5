import { type FormEvent } from 'react';
import { ErrorNote, Field } from '../components/ui';
import { graphql } from '../lib/graphql';
import { useMutation, useQuery } from '../lib/hooks';

const FEDERATION = graphql(`
  query OrganizationFederation($id: ID!) {
    organization(id: $id) {
      id
      name
      handle
      viewerRole
    }
    organizationFollows(organizationId: $id) {
      id
      target
      actorUrl
      status
    }
    organizationFollowers(organizationId: $id) {
      actorUrl
      status
    }
    followApprovalRequired(organizationId: $id)
  }
`);

const FOLLOW = graphql(`
  mutation FollowOrganization($org: ID!, $target: String!) {
    follow(organizationId: $org, target: $target) {
      id
      status
    }
  }
`);

const UNFOLLOW = graphql(`
  mutation UnfollowOrganization($follow: ID!) {
    unfollow(followId: $follow) {
      id
    }
  }
`);

const ANSWER = graphql(`
  mutation AnswerFollower($org: ID!, $actor: String!, $accept: Boolean!) {
    answerFollower(organizationId: $org, actorUrl: $actor, accept: $accept) {
      status
    }
  }
`);

const APPROVAL = graphql(`
  mutation SetFollowApproval($org: ID!, $required: Boolean!) {
    setFollowApproval(organizationId: $org, required: $required)
  }
`);

const STATUS: Record<string, string> = { PENDING: 'waiting for an answer', ACCEPTED: 'following', REJECTED: 'refused' };

// The organization on other instances: its handle, whom it follows (admins follow by handle or actor
// URL, and stop), who follows it (admins answer pending followers and choose whether to approve them).
export function Federation({ organizationId }: { organizationId: string }) {
  const { data, reload, error } = useQuery(FEDERATION, { id: organizationId });
  const follow = useMutation(FOLLOW);
  const unfollow = useMutation(UNFOLLOW);
  const answer = useMutation(ANSWER);
  const approval = useMutation(APPROVAL);
  if (error) return <ErrorNote error={error} />;
  const org = data?.organization;
  if (!org || !data) return null;
  const admin = org.viewerRole === 'ADMIN';
  const host = window.location.host;
  const followTarget = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (await follow.run({ org: org.id, target: String(new FormData(form).get('target')).trim() })) {
      form.reset();
      reload();
    }
  };
  return (
    <section aria-labelledby="federation-title">
      <h2 id="federation-title">{org.name} on other instances</h2>
      <p className="muted">
        Others follow it as{' '}
        <code>
          @{org.handle}@{host}
        </code>
        : they then receive every design it publishes.
      </p>
      <h3>Following</h3>
      {data.organizationFollows.length ? (
        <ul>
          {data.organizationFollows.map((f) => (
            <li key={f.id}>
              <a href={f.actorUrl} rel="noreferrer">
                {f.target}
              </a>{' '}
              <span className="muted">({STATUS[f.status] ?? f.status})</span>{' '}
              {admin && (
                <button type="button" className="link" onClick={async () => (await unfollow.run({ follow: f.id })) && reload()}>
                  unfollow <span className="sr-only">{f.target}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nobody yet.</p>
      )}
      <ErrorNote error={unfollow.error} />
      {admin && (
        <form onSubmit={followTarget} className="form inline">
          <Field label="Follow a co-op of another instance (@handle@host or its address)" name="target" required />
          <ErrorNote error={follow.error} />
          <button type="submit" disabled={follow.pending}>
            Follow
          </button>
        </form>
      )}
      <h3>Followers</h3>
      {data.organizationFollowers.length ? (
        <ul>
          {data.organizationFollowers.map((f) => (
            <li key={f.actorUrl}>
              <a href={f.actorUrl} rel="noreferrer">
                {f.actorUrl}
              </a>{' '}
              {f.status === 'PENDING' ? <span className="muted">(asks to follow)</span> : null}{' '}
              {admin && f.status === 'PENDING' && (
                <>
                  <button
                    type="button"
                    className="link"
                    onClick={async () => (await answer.run({ org: org.id, actor: f.actorUrl, accept: true })) && reload()}
                  >
                    accept
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={async () => (await answer.run({ org: org.id, actor: f.actorUrl, accept: false })) && reload()}
                  >
                    refuse
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nobody yet.</p>
      )}
      <ErrorNote error={answer.error} />
      {admin && (
        <label>
          <input
            type="checkbox"
            checked={data.followApprovalRequired}
            disabled={approval.pending}
            onChange={async (e) => (await approval.run({ org: org.id, required: e.currentTarget.checked })) && reload()}
          />{' '}
          New followers wait for an admin to accept them
        </label>
      )}
      <ErrorNote error={approval.error} />
    </section>
  );
}
