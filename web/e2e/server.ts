import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// A real desk for the browser tests: Daphne (manage.py runserver) on a free 127.0.0.1
// port, on a fresh SQLite database in a temp dir, serving the built client (web/dist).
export const REPO = resolve(import.meta.dirname, "../..");
const PYTHON = join(REPO, ".venv/bin/python");
const MANAGE = join(REPO, "server/manage.py");

export interface DeskServer {
  url: string;
  /** Stop the server process, keeping its database (for restart). */
  kill: () => Promise<void>;
  /** Start it again on the same port and database. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export async function startDesk(
  users: { name: string; role: "requester" | "agent" | "admin"; password: string }[],
  extraEnv: Record<string, string> = {},
): Promise<DeskServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DESK_DATA_DIR: dataDir,
    DEBUG: "1",
    BOOTSTRAP_ADMIN: "0",
    LOG_LEVEL: "WARNING",
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const run = (args: string[], more: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(PYTHON, [MANAGE, ...args], {
      env: { ...env, ...more },
      encoding: "utf8",
    });
    if (result.status !== 0)
      throw new Error(`manage.py ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  };
  run(["migrate", "--noinput", "-v", "0"]);
  for (const user of users)
    run(["create_user", user.name, "--role", user.role], { DESK_USER_PASSWORD: user.password });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const launchServer = async () => {
    const proc = spawn(PYTHON, [MANAGE, "runserver", `127.0.0.1:${port}`, "--noreload"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let output = "";
    proc.stdout?.on("data", (chunk) => (output += chunk));
    proc.stderr?.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the server exited:\n${output}`);
      try {
        const response = await fetch(`${url}/`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer in 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null) {
      proc.kill("SIGKILL");
      await exited;
    }
  };

  await launchServer();
  return {
    url,
    kill,
    restart: launchServer,
    stop: async () => {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
