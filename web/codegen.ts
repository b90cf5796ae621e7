import type { CodegenConfig } from "@graphql-codegen/cli";

// Types for every operation in src/ from the server's schema (../schema.graphql).
// Fragment masking: a component sees only the fields of the fragment it declares, through
// readFragment (named so, not useFragment, because it is no hook and may run anywhere).
// CODEGEN_OUT lets `npm run codegen:check` generate into a scratch folder and compare.
const out = process.env.CODEGEN_OUT ?? "./src/gql/";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*", "!src/**/*.test.{ts,tsx}"],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: { fragmentMasking: { unmaskFunctionName: "readFragment" } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", Date: "string" },
      },
    },
  },
};

export default config;
