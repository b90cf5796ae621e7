import type { Client } from "@urql/core";
import { useId, useState, type FormEvent } from "react";
import { graphql, type FragmentType } from "../../gql";
import { ensureCsrfCookie } from "../../lib/csrf";
import { readErrors } from "../../lib/errors";
import type { CurrentUserFragment } from "./session";

export type CurrentUserRef = FragmentType<typeof CurrentUserFragment>;

const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      user {
        ...CurrentUser
      }
      errors {
        ...FieldError
      }
    }
  }
`);

export function SignIn({
  client,
  onSignedIn,
}: {
  client: Client;
  onSignedIn: (user: CurrentUserRef) => void;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ensureCsrfCookie();
      const result = await client.mutation(LoginMutation, { username, password }).toPromise();
      const payload = result.data?.login;
      if (payload?.user) {
        onSignedIn(payload.user);
        return;
      }
      const problem = readErrors(payload?.errors)[0];
      setError(
        problem?.code === "INVALID_CREDENTIALS"
          ? "Wrong username or password."
          : (problem?.message ?? "Signing in failed. Try again."),
      );
    } catch {
      setError("The desk cannot be reached. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered" id="main">
      <form
        className="panel sign-in"
        onSubmit={submit}
        aria-describedby={error ? errorId : undefined}
      >
        <h1>Support desk</h1>
        <p className="muted">Sign in to submit and follow tickets.</p>
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="field-error" id={errorId} role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
