import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export { match } from './match';

// A small history router: the path is the state; links push it, Back and Forward pop it.
let visits = 0;

// Every navigation is a new visit (even to the same path): pages keyed by it load afresh.
export function navigate(to: string, replace = false): void {
  const state = { visit: ++visits };
  if (replace) history.replaceState(state, '', to);
  else history.pushState(state, '', to);
  window.dispatchEvent(new Event('cosmolocal:navigate'));
  window.scrollTo(0, 0);
}

export function useLocation(): { path: string; query: URLSearchParams; visit: number } {
  const read = () => ({
    path: location.pathname,
    query: new URLSearchParams(location.search),
    visit: (history.state as { visit?: number } | null)?.visit ?? 0,
  });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    window.addEventListener('popstate', update);
    window.addEventListener('cosmolocal:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('cosmolocal:navigate', update);
    };
  }, []);
  return loc;
}

export function Link({ to, children, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
