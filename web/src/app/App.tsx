import { Client, fetchExchange } from "@urql/core";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Provider } from "urql";
import {
  CurrentUserFragment,
  LogoutMutation,
  MeQuery,
  SignIn,
  type CurrentUserRef,
} from "../features/auth";
import { readFragment } from "../gql";
import { Shell, type ShellProps } from "./Shell";
import { createDeskClient, type DeskClient } from "../lib/client";
import { ensureCsrfCookie, graphqlFetchOptions } from "../lib/csrf";

/** Before sign-in: plain HTTP (the websocket refuses anonymous callers). */
function createHttpClient(): Client {
  return new Client({
    url: "/graphql",
    requestPolicy: "network-only",
    fetchOptions: graphqlFetchOptions,
    exchanges: [fetchExchange],
  });
}

export function App() {
  const http = useMemo(createHttpClient, []);
  const [user, setUser] = useState<CurrentUserRef | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const loadMe = useCallback(async () => {
    setError(null);
    try {
      await ensureCsrfCookie();
      const result = await http.query(MeQuery, {}).toPromise();
      if (result.error) throw result.error;
      setUser(result.data?.me ?? null);
    } catch {
      setError("The desk cannot be reached. Check your connection and try again.");
    }
  }, [http]);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  const signOut = useCallback(async () => {
    await http.mutation(LogoutMutation, {}).toPromise();
    await fetch("/auth/csrf", { credentials: "same-origin" });
    setUser(null);
  }, [http]);

  if (error) {
    return (
      <main className="centered" id="main">
        <div className="panel error-state" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => void loadMe()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (user === undefined) {
    return (
      <main className="centered" id="main" aria-busy="true">
        <p className="muted">Loading the desk…</p>
      </main>
    );
  }
  if (user === null) return <SignIn client={http} onSignedIn={setUser} />;
  const signedIn = readFragment(CurrentUserFragment, user);
  return (
    <SignedIn
      key={signedIn.id}
      user={signedIn}
      onSignOut={signOut}
      onSessionEnded={() => setUser(null)}
    />
  );
}

function SignedIn({
  user,
  onSignOut,
  onSessionEnded,
}: {
  user: ShellProps["user"];
  onSignOut: () => Promise<void>;
  onSessionEnded: () => void;
}) {
  const [desk, setDesk] = useState<DeskClient | null>(null);
  const ended = useRef(onSessionEnded);
  useEffect(() => {
    ended.current = onSessionEnded;
  });
  useEffect(() => {
    const created = createDeskClient(() => ended.current());
    setDesk(created);
    return () => created.dispose();
  }, []);
  if (!desk) return null;
  return (
    <Provider value={desk.client}>
      <Shell user={user} onSignOut={onSignOut} />
    </Provider>
  );
}
