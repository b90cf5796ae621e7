import type { Browser } from "playwright-core";
import { afterAll, beforeAll, test } from "vitest";
import { launch, signIn } from "./browser";
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

test("a dropped live connection shows a banner, reconnects and resubscribes", async () => {
  const agentContext = await browser.newContext();
  const agent = await signIn(agentContext, desk.url, AGENT.name, AGENT.password);
  await agent.goto(`${desk.url}/dashboard`);
  await agent.waitForFunction(() => document.querySelector('[data-testid="stat-total"]')?.textContent === "0");

  await desk.kill();
  await agent.getByText("Live updates are disconnected").waitFor({ timeout: 30_000 });

  await desk.restart();
  await agent.getByText("Live updates are disconnected").waitFor({ state: "detached", timeout: 60_000 });

  const requesterContext = await browser.newContext();
  const requester = await signIn(requesterContext, desk.url, REQUESTER.name, REQUESTER.password);
  const form = requester.locator("section.new-ticket");
  await form.getByLabel("Title").fill("VPN drops every hour");
  await form.getByLabel("Description").fill("The VPN connection drops every hour and I lose my work");
  await form.getByRole("button", { name: "Submit ticket" }).click();
  await agent.waitForFunction(() => document.querySelector('[data-testid="stat-total"]')?.textContent === "1", undefined, { timeout: 20_000 });

  // Signed out in another tab: the next request answers UNAUTHENTICATED and this tab
  // goes back to the sign-in screen.
  const otherTab = await requesterContext.newPage();
  await otherTab.goto(desk.url);
  await otherTab.getByRole("button", { name: "Sign out" }).click();
  await otherTab.getByRole("button", { name: "Sign in" }).waitFor();
  await requester.getByRole("checkbox", { name: "Technical" }).check();
  await requester.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 20_000 });
  await requesterContext.close();
  await agentContext.close();
});
