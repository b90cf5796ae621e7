import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { accessibilityProblems, launch, newContext, signIn, watchConsole } from "./browser";
import { REPO, startDesk, type DeskServer } from "./server";

// The core path in a real browser against a real server: sign in, live suggestion,
// override, submit, list, filters and search in the URL, status change, and an agent's
// dashboard that changes without a reload. SCREENSHOTS=1 saves every screen to
// docs/screenshots/ (make web-screenshots).
const REQUESTER = { name: "rita", role: "requester" as const, password: "rita-e2e-pass-2026" };
const AGENT = { name: "andy", role: "agent" as const, password: "andy-e2e-pass-2026" };
const SHOTS = process.env.SCREENSHOTS === "1" ? join(REPO, "docs/screenshots") : null;

let desk: DeskServer;
let browser: Browser;

beforeAll(async () => {
  desk = await startDesk([REQUESTER, AGENT]);
  browser = await launch();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

const a11y: string[] = [];

/** A screenshot (SCREENSHOTS=1) and an accessibility audit of every screen. */
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  for (const problem of await accessibilityProblems(page)) a11y.push(`${name}: ${problem}`);
}

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent())?.trim() ?? "";
}

async function waitForText(page: Page, testId: string, expected: string) {
  await page.waitForFunction(
    ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === want,
    [testId, expected] as const,
  );
}

test("requester submits with the suggestion, works the list; the agent's dashboard follows live", async () => {
  // Sign-in screen.
  const anonymous = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const signInPage = await anonymous.newPage();
  const signInProblems = watchConsole(signInPage);
  await signInPage.goto(desk.url);
  await signInPage.getByRole("heading", { name: "Support desk" }).waitFor();
  await shot(signInPage, "sign-in");
  await signInPage.getByLabel("Username").fill(REQUESTER.name);
  await signInPage.getByLabel("Password").fill("wrong-password-123");
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  await signInPage.getByText("Wrong username or password.").waitFor();
  expect(signInProblems).toEqual([]);
  await anonymous.close();

  // The agent watches the dashboard (a second browser context, its own session).
  const agentContext = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const agent = await signIn(agentContext, desk.url, AGENT.name, AGENT.password);
  const agentProblems = watchConsole(agent);
  await agent.getByRole("link", { name: "Dashboard" }).click();
  await waitForText(agent, "stat-total", "0");
  await waitForText(agent, "stat-open", "0");

  // The requester signs in: header with name and role.
  const requesterContext = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await signIn(requesterContext, desk.url, REQUESTER.name, REQUESTER.password);
  const problems = watchConsole(page);
  expect(await text(page, "username")).toBe("rita");
  await page.getByText("Requester", { exact: true }).waitFor();
  await page.getByText("You have not submitted a ticket yet.").waitFor();

  // Typing a description brings a suggestion that fills both selects.
  const form = page.locator("section.new-ticket");
  const category = form.locator("select[name=category]");
  const priority = form.locator("select[name=priority]");
  await form.getByLabel("Title").fill("Charged twice for the March invoice");
  await expect.poll(() => form.getByText("35/200").count()).toBe(1);
  await form
    .getByLabel("Description")
    .pressSequentially(
      "My credit card was charged twice for the March invoice, please refund the duplicate payment",
      { delay: 5 },
    );
  await form.getByTestId("suggestion").waitFor();
  await expect.poll(() => category.inputValue()).toBe("BILLING");
  await expect.poll(() => priority.inputValue()).not.toBe("");
  const suggestedPriority = await priority.inputValue();
  await expect
    .poll(() => form.getByTestId("suggestion").textContent())
    .toMatch(/Suggested: Billing \(\d+%\).*local model/);
  await shot(page, "new-ticket-suggestion");

  // Override the priority; a later suggestion must not overwrite it.
  const chosen = suggestedPriority === "CRITICAL" ? "LOW" : "CRITICAL";
  await priority.selectOption(chosen);
  const classified = page.waitForResponse(
    (r) =>
      r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("blocked until then"),
  );
  await form
    .getByLabel("Description")
    .pressSequentially(" today, our account is blocked until then", { delay: 5 });
  await classified;
  await form.getByTestId("suggestion").waitFor();
  expect(await priority.inputValue()).toBe(chosen);
  expect(await category.inputValue()).toBe("BILLING");

  // Submit: the form clears without a reload and the ticket is at the top of the list.
  await page.evaluate(() => ((window as unknown as { deskMarker: number }).deskMarker = 42));
  await form.getByRole("button", { name: "Submit ticket" }).click();
  await form.getByText("Ticket “Charged twice for the March invoice” submitted.").waitFor();
  await expect.poll(() => form.getByLabel("Title").inputValue()).toBe("");
  await expect.poll(() => category.inputValue()).toBe("");
  const firstRow = page.getByTestId("ticket-row").first();
  await firstRow.getByRole("link", { name: "Charged twice for the March invoice" }).waitFor();
  await expect
    .poll(() => firstRow.locator(".badge").allTextContents())
    .toEqual(["Billing", chosen === "CRITICAL" ? "Critical" : "Low"]);
  expect(await page.evaluate(() => (window as unknown as { deskMarker?: number }).deskMarker)).toBe(
    42,
  );

  // The agent's dashboard changed without a reload.
  await waitForText(agent, "stat-total", "1");
  await waitForText(agent, "stat-open", "1");

  // A second ticket, labels left to the desk.
  await form.getByLabel("Title").fill("App crashes on start");
  await form
    .getByLabel("Description")
    .fill("The mobile app crashes with an error every time I open it since the update");
  await form.getByRole("button", { name: "Submit ticket" }).click();
  await page
    .getByTestId("ticket-row")
    .first()
    .getByRole("link", { name: "App crashes on start" })
    .waitFor();
  await waitForText(page, "total-count", "2 tickets");
  await waitForText(agent, "stat-total", "2");
  await shot(page, "tickets");

  // Filters and search live in the URL; the back button restores them.
  await page.getByRole("checkbox", { name: "Billing" }).check();
  await expect.poll(() => new URL(page.url()).search).toBe("?category=BILLING");
  await waitForText(page, "total-count", "1 ticket");
  await page.getByRole("searchbox", { name: "Search" }).fill("refund");
  await expect.poll(() => new URL(page.url()).search).toBe("?category=BILLING&q=refund");
  await page
    .getByTestId("ticket-row")
    .first()
    .getByRole("link", { name: "Charged twice for the March invoice" })
    .waitFor();
  await page.getByRole("searchbox", { name: "Search" }).fill("no such words");
  await page.getByText("No tickets match these filters.").waitFor();
  await page.goBack();
  await expect.poll(() => new URL(page.url()).search).toBe("?category=BILLING&q=refund");
  await expect
    .poll(() => page.getByRole("searchbox", { name: "Search" }).inputValue())
    .toBe("refund");
  await page.getByTestId("ticket-row").first().waitFor();
  // The same URL in a fresh page shows the same list (shareable).
  const shared = await requesterContext.newPage();
  const sharedProblems = watchConsole(shared);
  await shared.goto(page.url());
  await waitForText(shared, "total-count", "1 ticket");
  await expect.poll(() => shared.getByRole("checkbox", { name: "Billing" }).isChecked()).toBe(true);
  await shared.close();

  // Status change (a requester may close their own ticket), kept after a reload.
  const row = page.getByTestId("ticket-row").first();
  await row.getByRole("button", { name: "Close: Charged twice for the March invoice" }).click();
  await expect.poll(() => row.getByRole("combobox").inputValue()).toBe("CLOSED");
  await waitForText(agent, "stat-open", "1");
  await page.reload();
  await expect
    .poll(() => page.getByTestId("ticket-row").first().getByRole("combobox").inputValue())
    .toBe("CLOSED");

  // Ticket detail: full description, suggestion next to the final values.
  await page.getByTestId("ticket-row").first().getByRole("link").click();
  await page.getByRole("heading", { name: "Charged twice for the March invoice" }).waitFor();
  await page.getByRole("table").getByText("Billing (", { exact: false }).waitFor();
  await shot(page, "ticket-detail");

  // The agent's live list: a ticket created elsewhere announces itself.
  await agent.getByRole("link", { name: "Tickets", exact: true }).click();
  await waitForText(agent, "total-count", "2 tickets");
  await page.getByRole("link", { name: "← All tickets" }).click();
  await form.getByLabel("Title").fill("Cannot reset my password");
  await form
    .getByLabel("Description")
    .fill("The password reset email never arrives for my account");
  await form.getByRole("button", { name: "Submit ticket" }).click();
  await agent.getByRole("button", { name: /1 new ticket/ }).click();
  await agent
    .getByTestId("ticket-row")
    .first()
    .getByRole("link", { name: "Cannot reset my password" })
    .waitFor();
  // The agent moves it along; the optimistic value shows at once and stays.
  await agent.getByTestId("ticket-row").first().getByRole("combobox").selectOption("IN_PROGRESS");
  await expect
    .poll(() => agent.getByTestId("ticket-row").first().getByRole("combobox").inputValue())
    .toBe("IN_PROGRESS");
  await shot(agent, "tickets-agent");
  await agent.getByRole("link", { name: "Dashboard" }).click();
  await waitForText(agent, "stat-total", "3");
  await shot(agent, "dashboard");
  // A bar opens the list with that filter.
  await agent.getByRole("link", { name: /^In progress\W+1 tickets/ }).click();
  await expect.poll(() => new URL(agent.url()).search).toBe("?status=IN_PROGRESS");
  await waitForText(agent, "total-count", "1 ticket");

  // 375 px wide.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(desk.url);
  await page.getByTestId("ticket-row").first().waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await shot(page, "mobile-375");

  expect([...problems, ...agentProblems, ...sharedProblems]).toEqual([]);
  expect(a11y).toEqual([]);
  await requesterContext.close();
  await agentContext.close();
});
