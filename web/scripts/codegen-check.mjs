// Fails when src/gql/ is not what GraphQL Code Generator makes from ../schema.graphql
// and the operations in src/ (run `npm run codegen` and commit the result).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const scratch = mkdtempSync(join(tmpdir(), "desk-codegen-"));
try {
  execFileSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--silent"], {
    stdio: "inherit",
    env: { ...process.env, CODEGEN_OUT: scratch + "/" },
  });
  const committed = "src/gql";
  const names = new Set([...readdirSync(scratch), ...readdirSync(committed)]);
  const stale = [...names].filter((name) => {
    try {
      return (
        readFileSync(join(scratch, name), "utf8") !== readFileSync(join(committed, name), "utf8")
      );
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(
      `Generated GraphQL types are stale (${stale.join(", ")}): run \`npm run codegen\` in web/ and commit src/gql/.`,
    );
    process.exit(1);
  }
  console.log("Generated GraphQL types match schema.graphql and the operations.");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
