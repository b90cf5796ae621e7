import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Who may import whom in src/ (docs/web.md, "Import boundaries"): main.tsx starts app/;
// app/ (session and shell) imports features through their index.ts; a feature imports lib/, gql/ and its own files, and
// another feature only through that feature's index.ts; lib/ imports gql/ and lib/ only;
// gql/ is generated (npm run codegen, checked by npm run codegen:check) and never edited.
// Tests and src/test/ may import anything.
const elements = [
  { type: "gql", pattern: "src/gql" },
  { type: "lib", pattern: "src/lib" },
  { type: "test-support", pattern: "src/test" },
  { type: "playground", pattern: "src/playground" },
  { type: "feature", pattern: "src/features/*", capture: ["feature"] },
  { type: "app", pattern: "src/app" },
];

const files = [
  { category: "test", pattern: "**/*.test.{ts,tsx}" },
  { category: "entry", pattern: "src/main.tsx" },
];

const entryPoint = "index.ts";

const policies = [
  // Within one element, and within one feature, anything goes.
  { allow: { dependency: { relationship: { to: "internal" } } } },
  // npm packages, and files that are no element (styles, for instance).
  { allow: { to: { module: { origin: ["external", "core"] } } } },
  {
    from: { element: { types: ["app", "feature", "lib", "playground"] } },
    allow: { to: { element: { type: "gql" } } },
  },
  {
    from: { element: { types: ["app", "feature", "playground"] } },
    allow: { to: { element: { type: "lib" } } },
  },
  {
    from: { element: { types: ["app", "feature"] } },
    allow: { to: { element: { type: "feature", fileInternalPath: entryPoint } } },
  },
  { from: { file: { categories: "entry" } }, allow: { to: { element: { type: "app" } } } },
  { from: { file: { categories: "test" } }, allow: { to: { element: { type: "*" } } } },
  { from: { element: { type: "test-support" } }, allow: { to: { element: { type: "*" } } } },
];

export default tseslint.config(
  { ignores: ["dist", "src/gql", "node_modules"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/files": files,
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".js", ".json"] } },
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", policies }],
      "boundaries/no-unknown-files": "error",
    },
  },
  prettier,
);
