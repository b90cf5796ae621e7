import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, newContext, signIn } from "./browser";
import { startDesk, type DeskServer } from "./server";

// The live connection drops (the server stops): a banner says so; when the server is back
// the client reconnects, resubscribes and the dashboard follows changes again. A session
// ended elsewhere brings the sign-in screen back.
const REQUESTER = { name: "lena", role: "requester" as const, password: "lena-e2e-pass-2026" };
const AGENT = { name: "omar", role: "agent" as const, password: "omar-e2e-pass-2026" };

let desk: DeskServer;
let browser: Browser;

beforeAll(async () => {
  desk = await startDesk([REQUESTER, AGENT]);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

/** The graphql-transport-ws messages the page receives, in order. */
function liveMessages(
  page: Page,
): { type: string; payload?: { data?: Record<string, unknown> } }[] {
  const received: { type: string }[] = [];
  page.on("websocket", (socket) =>
    socket.on("framereceived", (frame) => received.push(JSON.parse(String(frame.payload)))),
  );
  return received;
}

test("a dropped live connection shows a banner, reconnects and resubscribes", async () => {
  const agentContext = await newContext(browser);
  const agent = await signIn(agentContext, desk.url, AGENT.name, AGENT.password);
  const received = liveMessages(agent);
  await agent.goto(`${desk.url}/dashboard`);
  await agent.waitForFunction(
    () => document.querySelector('[data-testid="stat-total"]')?.textContent === "0",
  );

  await desk.kill();
  await agent.getByText("Live updates are disconnected").waitFor();
  const beforeRestart = received.length;

  await desk.restart();
  await agent
    .getByText("Live updates are disconnected")
    .waitFor({ state: "detached", timeout: 120_000 });
  // Resubscribed: the new socket brought the statistics again (the server sends them
  // once the subscription is registered), so a change from now on must reach the page.
  await expect
    .poll(() =>
      received.slice(beforeRestart).some((m) => m.type === "next" && m.payload?.data?.ticketStats),
    )
    .toBe(true);

  const requesterContext = await newContext(browser);
  const requester = await signIn(requesterContext, desk.url, REQUESTER.name, REQUESTER.password);
  const form = requester.locator("section.new-ticket");
  await form.getByLabel("Title").fill("VPN drops every hour");
  await form
    .getByLabel("Description")
    .fill("The VPN connection drops every hour and I lose my work");
  await form.getByRole("button", { name: "Submit ticket" }).click();
  await agent.waitForFunction(
    () => document.querySelector('[data-testid="stat-total"]')?.textContent === "1",
  );

  // Signed out in another tab: the next request answers UNAUTHENTICATED and this tab
  // goes back to the sign-in screen.
  const otherTab = await requesterContext.newPage();
  await otherTab.goto(desk.url);
  await otherTab.getByRole("button", { name: "Sign out" }).click();
  await otherTab.getByRole("button", { name: "Sign in" }).waitFor();
  // click, not check: check() also waits for the box to show the tick, and the sign-in
  // screen may replace the list before it looks (that timed out on a loaded machine).
  await requester.getByRole("checkbox", { name: "Technical" }).click();
  await requester.getByRole("button", { name: "Sign in" }).waitFor();
  await requesterContext.close();
  await agentContext.close();
});
