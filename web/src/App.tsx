import { Suspense, type ReactNode } from 'react';
import { Loading } from './components/ui';
import { Link, match, useLocation } from './lib/router';
import { useSession } from './lib/session';
import { AccountPage } from './pages/Account';
import { LoginPage, RegisterPage } from './pages/Auth';
import { CataloguePage } from './pages/Catalogue';
import { DesignPage } from './pages/DesignPage';
import { PublishPage } from './pages/Publish';

const NAV = [
  { to: '/', label: 'Designs' },
  { to: '/publish', label: 'Publish' },
];

function Header() {
  const { me, signedIn, organization, chooseOrganization, signOut } = useSession();
  const { path } = useLocation();
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Link to="/" className="brand">
        Cosmolocal
      </Link>
      <nav aria-label="Main">
        <ul>
          {NAV.map((n) => (
            <li key={n.to}>
              <Link to={n.to} aria-current={path === n.to ? 'page' : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="session">
        {me && me.memberships.length > 0 && (
          <label>
            <span className="sr-only">Acting for</span>
            <select value={organization?.id ?? ''} onChange={(e) => chooseOrganization(e.target.value || null)}>
              {me.memberships.map((m) => (
                <option key={m.organization.id} value={m.organization.id}>
                  {m.organization.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {signedIn ? (
          <>
            <Link to="/account">{me?.name ?? 'Account'}</Link>
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
          </>
        ) : (
          <>
            <Link to="/login">Sign in</Link>
            <Link to="/register" className="button">
              Join
            </Link>
          </>
        )}
      </div>
    </header>
  );
}

function Routes(): ReactNode {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  if (path === '/') return <CataloguePage />;
  if ((m = match('/designs/:id', path))) return <DesignPage id={m.id!} />;
  if (path === '/publish') return <PublishPage />;
  if (path === '/login') return <LoginPage />;
  if (path === '/register') return <RegisterPage />;
  if (path === '/account') return <AccountPage />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is nothing at {path}. <Link to="/">Back to the designs</Link>.
      </p>
    </section>
  );
}

export function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          What is heavy is local, what is light is global. Open source (AGPL-3.0-or-later) · <a href="/graphql">GraphQL API</a>
        </p>
      </footer>
    </>
  );
}

