// Django's CSRF token: GET /auth/csrf sets the csrftoken cookie; cookie-authenticated POSTs
// send its value as X-CSRFToken. The token changes at sign-in, so it is read per request.
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function csrfToken(): string | null {
  return readCookie("csrftoken");
}

export async function ensureCsrfCookie(): Promise<void> {
  if (csrfToken()) return;
  await fetch("/auth/csrf", { credentials: "same-origin" });
}

/** fetch options for /graphql: the session cookie and, when there is one, the CSRF token. */
export function graphqlFetchOptions(): RequestInit {
  const token = csrfToken();
  const headers: Record<string, string> = token ? { "X-CSRFToken": token } : {};
  return { credentials: "same-origin", headers };
}
