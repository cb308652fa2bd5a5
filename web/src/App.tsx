import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from './components/ui';
import { Link, match, useLocation } from './lib/router';
import { useSession } from './lib/session';
import { AccountPage } from './pages/Account';
import { LoginPage, RegisterPage } from './pages/Auth';
import { CataloguePage } from './pages/Catalogue';
import { DesignPage } from './pages/DesignPage';
import { PublishPage } from './pages/Publish';

// Loaded when first visited: the map (Leaflet) and the charts stay out of the first page's bundle.
const ContributionsPage = lazy(() => import('./pages/Contributions').then((m) => ({ default: m.ContributionsPage })));
const GovernancePage = lazy(() => import('./pages/Governance').then((m) => ({ default: m.GovernancePage })));
const ProposalPage = lazy(() => import('./pages/Governance').then((m) => ({ default: m.ProposalPage })));
const TreasuryPage = lazy(() => import('./pages/Governance').then((m) => ({ default: m.TreasuryPage })));
const MakerspacePage = lazy(() => import('./pages/Makerspace').then((m) => ({ default: m.MakerspacePage })));
const RequestPage = lazy(() => import('./pages/Requests').then((m) => ({ default: m.RequestPage })));
const MyRequestsPage = lazy(() => import('./pages/Requests').then((m) => ({ default: m.MyRequestsPage })));
const RequestDetailPage = lazy(() => import('./pages/Requests').then((m) => ({ default: m.RequestDetailPage })));

const NAV = [
  { to: '/', label: 'Designs' },
  { to: '/publish', label: 'Publish' },
  { to: '/makerspace', label: 'Makerspace' },
  { to: '/requests', label: 'Requests' },
  { to: '/contributions', label: 'Contributions' },
  { to: '/governance', label: 'Decisions' },
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
            <button type="button" className="link" onClick={() => void signOut()}>
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
  if (path === '/makerspace') return <MakerspacePage />;
  if (path === '/request') return <RequestPage />;
  if (path === '/requests') return <MyRequestsPage />;
  if ((m = match('/requests/:id', path))) return <RequestDetailPage id={m.id!} />;
  if (path === '/contributions') return <ContributionsPage />;
  if (path === '/governance') return <GovernancePage />;
  if ((m = match('/proposals/:id', path))) return <ProposalPage id={m.id!} />;
  if (path === '/treasury') return <TreasuryPage />;
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
  const { visit } = useLocation();
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes key={visit} />
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
