import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The GraphQL playground (GraphiQL, served on GET /graphql): a build of its own into the
// same web/dist after the web client's (`npm run build` runs both), so the client's
// bundle and its initial-JS budget are untouched. The server reads dist/playground.html.
export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: false,
    emptyOutDir: false,
    // GraphiQL with CodeMirror 5 is one ~1 MB chunk; it is loaded only on /graphql.
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: "playground.html" },
  },
});
