import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// `npm run dev` (make web-dev): Vite on :5173, the API and its websocket proxied to the
// Django server (DESK_API, default http://127.0.0.1:8000), so cookies stay same-origin.
const api = process.env.DESK_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/graphql": { target: api, ws: true, changeOrigin: false },
      "/auth": { target: api },
      "/admin": { target: api },
      "/static": { target: api },
    },
  },
  build: { target: "es2022", sourcemap: false },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
    // Upper bound for a loaded machine; the tests wait on state (fake timers, findBy).
    testTimeout: 30_000,
  },
});
