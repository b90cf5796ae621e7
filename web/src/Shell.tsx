import { useEffect, useRef } from "react";
import type { CurrentUserFragment } from "./gql/graphql";
import { Dashboard } from "./features/dashboard/Dashboard";
import { TicketDetail } from "./features/tickets/TicketDetail";
import { TicketsPage } from "./features/tickets/TicketsPage";
import { useLiveStatus } from "./lib/connection";
import { label } from "./lib/format";
import { Link, useLocation } from "./lib/router";

export function isAgent(user: CurrentUserFragment): boolean {
  return user.role === "AGENT" || user.role === "ADMIN";
}

export function Shell({ user, onSignOut }: { user: CurrentUserFragment; onSignOut: () => Promise<void> }) {
  const { pathname } = useLocation();
  const agent = isAgent(user);
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
  if (detail) screen = <TicketDetail id={decodeURIComponent(detail[1])} agent={agent} />;
  else if (pathname === "/dashboard" && agent) screen = <Dashboard />;
  else if (pathname === "/dashboard") screen = <p className="panel">The dashboard is for agents.</p>;
  else screen = <TicketsPage agent={agent} />;

  return (
    <>
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
          {agent && (
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
    </>
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
