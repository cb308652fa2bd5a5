import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { request } from './client';
import { graphql, type ResultOf } from './graphql';

const SIGN_OUT = graphql(`
  mutation SignOut {
    signOut
  }
`);

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
  // After login or register (the API has set the session cookie): resolves once the app knows who.
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
  reload: () => void;
}

const Session = createContext<SessionState | null>(null);
const ORG_KEY = 'cosmolocal.organization';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ me: Me | null; loading: boolean }>({ me: null, loading: true });
  const [orgId, setOrgId] = useState<string | null>(localStorage.getItem(ORG_KEY));
  // Who the session cookie belongs to, asked again whenever the session may have changed.
  const refresh = useCallback(async () => {
    const data = await request(ME, {}).catch(() => null);
    setState({ me: data?.me ?? null, loading: false });
  }, []);
  useEffect(() => {
    void refresh();
    const update = () => void refresh();
    window.addEventListener('cosmolocal:session', update);
    return () => window.removeEventListener('cosmolocal:session', update);
  }, [refresh]);
  const me = state.me;
  const membership = me?.memberships.find((m) => m.organization.id === orgId) ?? me?.memberships[0] ?? null;
  const chooseOrganization = useCallback((id: string | null) => {
    if (id) localStorage.setItem(ORG_KEY, id);
    else localStorage.removeItem(ORG_KEY);
    setOrgId(id);
  }, []);
  const value = useMemo<SessionState>(
    () => ({
      me,
      loading: state.loading,
      signedIn: !!me,
      organization: membership?.organization ?? null,
      role: membership?.role ?? null,
      chooseOrganization,
      signIn: refresh,
      signOut: async () => {
        await request(SIGN_OUT, {}).catch(() => undefined); // an already ended session is signed out too
        chooseOrganization(null);
        setState({ me: null, loading: false });
      },
      reload: () => void refresh(),
    }),
    [me, state.loading, membership, chooseOrganization, refresh],
  );
  return <Session.Provider value={value}>{children}</Session.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Session);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
