import { defineConfig } from "vitest/config";

// The browser tests: a real server (started by the test) and Debian's chromium.
// They wait on states (the DOM, network answers, websocket frames), never on time; the
// timeouts below are only upper bounds, generous for a machine under load.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // expect.poll: until the state holds, at most 60 s (vitest's default is 1 s).
    expect: { poll: { timeout: 60_000, interval: 100 } },
  },
});
