import { useEffect, useMemo, useRef } from "react";
import { Dashboard } from "../features/dashboard";
import { TicketDetail, TicketsPage } from "../features/tickets";
import { graphql, readFragment, type FragmentType } from "../gql";
import { DeskAbilitiesContext, deskAbilities } from "../lib/abilities";
import { useLiveStatus } from "../lib/connection";
import { label } from "../lib/format";
import { Link, useLocation } from "../lib/router";

export const ShellUserFragment = graphql(`
  fragment ShellUser on User {
    username
    role
    ...ViewerAbilities
  }
`);

export interface ShellProps {
  user: FragmentType<typeof ShellUserFragment>;
  onSignOut: () => Promise<void>;
}

export function Shell({ user: userRef, onSignOut }: ShellProps) {
  const user = readFragment(ShellUserFragment, userRef);
  const abilities = useMemo(() => deskAbilities(user), [user]);
  const { pathname } = useLocation();
  const detail = /^\/tickets\/([^/]+)$/.exec(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // Move focus to the new screen after navigation (not on first load).
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [pathname]);

  let screen;
  if (detail) screen = <TicketDetail id={decodeURIComponent(detail[1])} />;
  else if (pathname === "/dashboard" && abilities.seeStats) screen = <Dashboard />;
  else if (pathname === "/dashboard")
    screen = <p className="panel">The dashboard is for agents.</p>;
  else screen = <TicketsPage />;

  return (
    <DeskAbilitiesContext value={abilities}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          Support desk
        </Link>
        <nav aria-label="Main">
          <Link href="/" aria-current={pathname === "/" ? "page" : undefined}>
            Tickets
          </Link>
          {abilities.seeStats && (
            <Link href="/dashboard" aria-current={pathname === "/dashboard" ? "page" : undefined}>
              Dashboard
            </Link>
          )}
        </nav>
        <div className="user">
          <span>
            <strong data-testid="username">{user.username}</strong>{" "}
            <span className="role">{user.role ? label(user.role) : "No role"}</span>
          </span>
          <button type="button" onClick={() => void onSignOut()}>
            Sign out
          </button>
        </div>
      </header>
      <LiveBanner />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {screen}
      </main>
    </DeskAbilitiesContext>
  );
}

function LiveBanner() {
  const { state } = useLiveStatus();
  if (state !== "disconnected") return null;
  return (
    <div className="live-banner" role="status">
      Live updates are disconnected. Reconnecting… (what you see may be out of date)
    </div>
  );
}
