// Time from page load to a usable ticket list, in Debian's chromium, against a real server
// on a big PostgreSQL desk (default: make bench's desk_bench with 1,000,000 tickets).
//   BENCH_DATABASE_URL   the database (must already hold the tickets: `make bench` or `make demo`)
//   BENCH_RUNS           page loads per case (default 15)
// "Usable": the first page of 25 rows is rendered with its total count and status selects.
// Cold = a new browser context (empty HTTP cache, new websocket); warm = reload in the same one.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { chromium } from "playwright-core";

const REPO = resolve(import.meta.dirname, "../..");
const PY = `${REPO}/.venv/bin/python`;
const MANAGE = `${REPO}/server/manage.py`;
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/desk_bench";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const USER = "web-bench-agent";
const PASSWORD = "web-bench-pass-2026";

const port = await new Promise((done) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => done(p));
  });
});
const env = {
  ...process.env,
  DATABASE_URL,
  DEBUG: "0",
  SECRET_KEY: `web-bench-${Math.random()}`,
  ALLOWED_HOSTS: "127.0.0.1",
  SECURE_COOKIES: "0",
  SECURE_HSTS_SECONDS: "0",
  BOOTSTRAP_ADMIN: "0",
  LOG_LEVEL: "WARNING",
};
delete env.REDIS_URL;
const created = spawnSync(PY, [MANAGE, "create_user", USER, "--role", "agent"], {
  env: { ...env, DESK_USER_PASSWORD: PASSWORD },
  encoding: "utf8",
});
if (created.status !== 0 && !/exists/i.test(created.stderr + created.stdout))
  throw new Error(created.stderr);

const server = spawn(PY, [MANAGE, "runserver", `127.0.0.1:${port}`, "--noreload"], {
  env,
  stdio: "ignore",
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/`)).ok) break;
  } catch {
    /* starting */
  }
  if (i > 400) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 250));
}

const count = spawnSync("psql", [DATABASE_URL, "-tAc", "SELECT count(*) FROM tickets_ticket"], {
  encoding: "utf8",
}).stdout.trim();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

async function signedInContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/auth/csrf`);
  const token = (await context.cookies()).find((c) => c.name === "csrftoken").value;
  const answer = await page.request.post(`${url}/graphql`, {
    headers: { "X-CSRFToken": token, "Content-Type": "application/json" },
    data: {
      query: `mutation { login(username: "${USER}", password: "${PASSWORD}") { user { id } errors { message } } }`,
    },
  });
  const body = await answer.json();
  if (!body.data?.login?.user) throw new Error(JSON.stringify(body));
  return { context, page };
}

async function timeLoad(page, path, reload) {
  if (reload) await page.reload({ waitUntil: "commit" });
  else await page.goto(`${url}${path}`, { waitUntil: "commit" });
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="ticket-row"] select:not([disabled])').length >= 25 &&
      /\d/.test(document.querySelector('[data-testid="total-count"]')?.textContent ?? ""),
    undefined,
    { timeout: 30_000, polling: "raf" },
  );
  return page.evaluate(() => performance.now());
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};

const cases = [
  ["all tickets", "/"],
  ["open + high/critical", "/?priority=HIGH&priority=CRITICAL&status=OPEN"],
  ["search 'invoice'", "/?q=invoice"],
];
const rows = [];
for (const [name, path] of cases) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await signedInContext();
    cold.push(await timeLoad(page, path, false));
    warm.push(await timeLoad(page, path, true));
    await context.close();
  }
  rows.push([name, stats(cold), stats(warm)]);
}
await browser.close();
server.kill("SIGTERM");

const ms = (x) => `${Math.round(x)} ms`;
console.log(
  `Page load to a usable ticket list (25 rows, total count, status selects), ${Number(count).toLocaleString("en")} tickets, ${RUNS} loads per case`,
);
console.log("| list | cold median | cold p95 | warm median | warm p95 |");
console.log("| --- | --- | --- | --- | --- |");
for (const [name, cold, warm] of rows)
  console.log(
    `| ${name} | ${ms(cold.median)} | ${ms(cold.p95)} | ${ms(warm.median)} | ${ms(warm.p95)} |`,
  );
