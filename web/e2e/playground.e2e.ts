import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, newContext, watchConsole } from "./browser";
import { startDesk, type DeskServer } from "./server";

// The GraphQL playground (GET /graphql, GraphiQL built into web/dist) with every other
// host blocked, as on a machine without internet: it renders, signs in with the session
// and its CSRF token, takes a Bearer token in the headers editor, runs queries, and
// receives subscription messages over graphql-ws when a ticket is created by the API.
const AGENT = { name: "gina", role: "agent" as const, password: "gina-e2e-pass-2026" };

let desk: DeskServer;
let browser: Browser;

beforeAll(async () => {
  desk = await startDesk([AGENT]);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

/** A context that can reach the desk only: any other host is aborted and recorded. */
async function offlineContext(): Promise<{
  context: BrowserContext;
  elsewhere: string[];
  sent: Record<string, unknown>[];
}> {
  const context = await newContext(browser, { viewport: { width: 1400, height: 900 } });
  const origin = new URL(desk.url).origin;
  const elsewhere: string[] = [];
  const sent: Record<string, unknown>[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    elsewhere.push(url);
    return route.abort("internetdisconnected");
  });
  // Websockets are not routed: any to another host is recorded (none is expected).
  context.on("page", (page) =>
    page.on("websocket", (socket) => {
      if (new URL(socket.url()).host !== new URL(origin).host) elsewhere.push(socket.url());
      socket.on("framesent", (frame) => sent.push(JSON.parse(frame.payload.toString())));
    }),
  );
  return { context, elsewhere, sent };
}

async function openPlayground(
  context: BrowserContext,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${desk.url}/graphql`);
  await page.getByRole("button", { name: /Execute query/ }).waitFor();
  await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
  return { page, problems };
}

/** Types into a GraphiQL editor as a user would: select all, then the new text. */
async function fill(page: Page, editor: string, text: string) {
  await page.locator(`${editor} .CodeMirror`).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
  await expect
    .poll(() =>
      page
        .locator(`${editor} .CodeMirror`)
        .evaluate((el) =>
          (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
        ),
    )
    .toBe(text);
}

/**
 * Writes the query and waits until GraphiQL has parsed it: it does so 100 ms after the
 * last change (the operation name, and whether it is a subscription, come from that) and
 * then saves the text in localStorage, which is the state waited for here.
 */
async function fillQuery(page: Page, query: string) {
  await fill(page, ".graphiql-query-editor", query);
  await expect.poll(() => page.evaluate(() => localStorage.getItem("graphiql:query"))).toBe(query);
}

/** The response pane's whole text (CodeMirror renders only the lines in view). */
function response(page: Page): Promise<string> {
  return page
    .locator(".graphiql-response .CodeMirror")
    .evaluate((el) =>
      (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
    );
}

async function run(page: Page, query: string): Promise<void> {
  await fillQuery(page, query);
  await page.getByRole("button", { name: /Execute query/ }).click();
}

/** Runs an operation and waits for its answer (parsed JSON) to satisfy a check. */
async function answer(
  page: Page,
  query: string,
  check: (body: string) => boolean,
): Promise<unknown> {
  const before = await response(page);
  await run(page, query);
  await expect
    .poll(() => response(page))
    .toSatisfy((body: string) => body !== before && check(body));
  return JSON.parse(await response(page));
}

/** A ticket created through the API (a Bearer token; no browser involved). */
async function createTicket(token: string, title: string) {
  const result = await fetch(`${desk.url}/graphql`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query:
        "mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id } errors { message } } }",
      variables: {
        input: { title, description: "Created by the playground test while a subscription runs" },
      },
    }),
  });
  const body = await result.json();
  expect(body.data.createTicket.errors).toEqual([]);
}

const STATS = "subscription Live { ticketStats { totalTickets } }";

async function totalTicketsStream(page: Page, total: number) {
  await expect.poll(() => response(page)).toContain(`"totalTickets": ${total}`);
}

test("the playground works offline: session with CSRF, a Bearer header, queries and a live subscription", async () => {
  // Signed in with the session: login through GraphiQL itself (it needs the CSRF token).
  const session = await offlineContext();
  const { page, problems } = await openPlayground(session.context);
  await page.locator(".graphiql-container").waitFor();
  expect(await page.title()).toBe("Support desk · GraphQL playground");

  const login = (await answer(
    page,
    `mutation { login(username: "${AGENT.name}", password: "${AGENT.password}") { user { username role } errors { message } } }`,
    (body) => body.includes('"login"'),
  )) as { data: { login: unknown } };
  expect(login.data.login).toEqual({ user: { username: AGENT.name, role: "AGENT" }, errors: [] });
  const me = (await answer(page, "query Me { me { username } }", (body) =>
    body.includes('"me"'),
  )) as { data: { me: unknown } };
  expect(me.data.me).toEqual({ username: AGENT.name });
  const created = (await answer(
    page,
    'mutation { createApiToken(name: "playground") { secret errors { message } } }',
    (body) => body.includes('"createApiToken"'),
  )) as { data: { createApiToken: { secret: string; errors: unknown[] } } };
  expect(created.data.createApiToken.errors).toEqual([]);
  const secret = created.data.createApiToken.secret;

  // A subscription over the session's websocket: current numbers first, then a change.
  await run(page, STATS);
  await totalTicketsStream(page, 0);
  await page.getByRole("button", { name: /Stop query/ }).waitFor();
  await createTicket(secret, "Printer on fire");
  await totalTicketsStream(page, 1);
  await page.getByRole("button", { name: /Stop query/ }).click();
  await page.getByRole("button", { name: /Execute query/ }).waitFor();

  // No cookie session: the token in the headers editor, for HTTP and the websocket.
  const bearer = await offlineContext();
  const tokenTab = await openPlayground(bearer.context);
  const anonymous = (await answer(tokenTab.page, "query Me { me { username } }", (body) =>
    body.includes('"me"'),
  )) as { data: { me: unknown } };
  expect(anonymous.data.me).toBeNull();
  await fill(
    tokenTab.page,
    ".graphiql-editor-tool .graphiql-editor:not(.hidden)",
    JSON.stringify({ Authorization: `Bearer ${secret}` }),
  );
  const asToken = (await answer(tokenTab.page, "query Me { me { username role } }", (body) =>
    body.includes(AGENT.name),
  )) as { data: { me: unknown } };
  expect(asToken.data.me).toEqual({ username: AGENT.name, role: "AGENT" });
  await run(tokenTab.page, STATS);
  await totalTicketsStream(tokenTab.page, 1);
  await createTicket(secret, "Printer on fire again");
  await totalTicketsStream(tokenTab.page, 2);

  // Both subscriptions went over graphql-transport-ws; the token in connection_init.
  expect(session.sent.map((message) => message.type)).toEqual(
    expect.arrayContaining(["connection_init", "subscribe"]),
  );
  expect(bearer.sent.find((message) => message.type === "connection_init")?.payload).toEqual({
    Authorization: `Bearer ${secret}`,
  });
  expect([...problems, ...tokenTab.problems]).toEqual([]);
  expect([...session.elsewhere, ...bearer.elsewhere]).toEqual([]);
  await session.context.close();
  await bearer.context.close();
});
