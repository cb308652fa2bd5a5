import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { session } from './client';
import { graphql, type ResultOf } from './graphql';
import { useQuery } from './hooks';

const ME = graphql(`
  query Me {
    me {
      id
      name
      did
      email
      memberships {
        id
        role
        organization {
          id
          name
          kind
          did
        }
      }
    }
  }
`);

export type Me = NonNullable<ResultOf<typeof ME>['me']>;
export type MyMembership = Me['memberships'][number];

interface SessionState {
  me: Me | null;
  loading: boolean;
  signedIn: boolean;
  // The organization the person acts for (their co-op, makerspace…), chosen in the header.
  organization: MyMembership['organization'] | null;
  role: MyMembership['role'] | null;
  chooseOrganization: (id: string | null) => void;
  signIn: (token: string) => void;
  signOut: () => void;
  reload: () => void;
}

const Session = createContext<SessionState | null>(null);
const ORG_KEY = 'cosmolocal.organization';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(session.token());
  const [orgId, setOrgId] = useState<string | null>(localStorage.getItem(ORG_KEY));
  useEffect(() => {
    const update = () => setToken(session.token());
    window.addEventListener('cosmolocal:session', update);
    return () => window.removeEventListener('cosmolocal:session', update);
  }, []);
  const { data, loading, reload } = useQuery(ME, {}, { skip: !token, owner: token });
  const me = token ? (data?.me ?? null) : null;
  const membership = me?.memberships.find((m) => m.organization.id === orgId) ?? me?.memberships[0] ?? null;
  const chooseOrganization = useCallback((id: string | null) => {
    if (id) localStorage.setItem(ORG_KEY, id);
    else localStorage.removeItem(ORG_KEY);
    setOrgId(id);
  }, []);
  const value = useMemo<SessionState>(
    () => ({
      me,
      loading: !!token && loading && !data,
      signedIn: !!token,
      organization: membership?.organization ?? null,
      role: membership?.role ?? null,
      chooseOrganization,
      signIn: (t) => session.set(t),
      signOut: () => {
        session.set(null);
        chooseOrganization(null);
      },
      reload,
    }),
    [me, token, loading, data, membership, chooseOrganization, reload],
  );
  return <Session.Provider value={value}>{children}</Session.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Session);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
