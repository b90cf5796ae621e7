// Fails when two paths under web/ (tracked, or new and not ignored) differ only by case,
// or only by case once a script's extension is dropped as imports drop it
// (`./ticketList` named both ticketList.ts and TicketList.tsx): a case-insensitive file
// system (macOS, Windows) checks out only one of two such files, and resolves an import
// to either. Run by `npm run lint`. Outside a git checkout (a Docker build context), the
// files on disk are checked instead, without node_modules and dist.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;

function tracked() {
  try {
    const out = execFileSync(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "."],
      {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return out.split("\0").filter(Boolean);
  } catch {
    return null;
  }
}

function onDisk(dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", "dist", ".git"].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? onDisk(path) : [relative(root, path)];
  });
}

/** Every path and every folder above it, so `Foo/a.ts` clashes with `foo/b.ts` too. */
function withFolders(paths) {
  const all = new Set();
  for (const path of paths) {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join("/"));
  }
  return all;
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

export function caseClashes(paths) {
  const byLower = new Map();
  for (const path of withFolders(paths)) {
    const key = path.replace(SCRIPT, "").toLowerCase();
    byLower.set(key, [...(byLower.get(key) ?? []), path]);
  }
  return [...byLower.values()].filter((group) => group.length > 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = tracked() ?? onDisk();
  const clashes = caseClashes(paths);
  if (clashes.length) {
    for (const group of clashes)
      console.error(`Paths that differ only by case (or extension): ${group.join(", ")}`);
    console.error("Rename one of each group: a case-insensitive file system keeps only one.");
    process.exit(1);
  }
  console.log(`No two of ${paths.length} paths under web/ differ only by case.`);
}
