/**
 * The layering of the workspace, held by a test so it stays true: data flows
 * spec → exchanges → findings → memory → reports → commands, and imports point
 * the same way, down only. Read from the source text of every workspace:
 * - a package imports another only through its `exports`, and only one it declares;
 * - a relative import never leaves its workspace;
 * - each package imports only from layers below its own (history and reports are
 *   siblings: neither imports the other);
 * - the engine and the renderers are pure: no file, database, network or process access;
 * - no import cycle among a package's modules; in the contract stack, no two of its modules share a name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SCOPE = "@impersonation-registry/";

/** Lower layers first; a workspace may import only from a lower layer. */
const LAYERS: Record<string, number> = {
  findings: 0,
  types: 0,
  "spec-bundle": 1,
  client: 1,
  prism: 1,
  engine: 2,
  sarif: 2,
  history: 3,
  reports: 3,
  sandbox: 4,
  "spec-diff": 4,
  contract: 5,
  "example-consumer": 5,
};

/** Modules that reach outside the process's memory: the pure layers import none of them. */
const IO_MODULES = [
  "node:fs",
  "node:fs/promises",
  "node:sqlite",
  "node:http",
  "node:https",
  "node:http2",
  "node:net",
  "node:tls",
  "node:dgram",
  "node:child_process",
  "node:worker_threads",
  "node:process",
  "node:os",
];
const PURE = ["engine", "reports"];
/** The contract stack, split along its data flow: each of its modules is named after what it holds, once. */
const CONTRACT_STACK = ["engine", "history", "reports", "contract"];

interface Workspace {
  name: string;
  dir: string;
  manifest: {
    exports?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
}

const workspaces: Workspace[] = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(ROOT, group)).map((folder) => {
    const dir = join(ROOT, group, folder);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return { name: manifest.name.slice(SCOPE.length), dir, manifest };
  }),
);
const byName = new Map(workspaces.map((w) => [w.name, w]));

function tsFiles(dir: string): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic; `runtime`: not type-only ones. */
function importsOf(file: string, runtime = false): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b([^"';]*?)from\s*"([^"]+)"/g))
    if (!(runtime && /^\s*type\b/.test(match[1] as string))) found.push(match[2] as string);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s*"([^"]+)"/g)) found.push(match[1] as string);
  for (const match of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push(match[1] as string);
  return found;
}

interface Violation {
  file: string;
  problem: string;
}

function check(workspace: Workspace): Violation[] {
  const violations: Violation[] = [];
  const say = (file: string, problem: string) => violations.push({ file: relative(ROOT, file), problem });
  const deps = workspace.manifest.dependencies ?? {};
  const devDeps = workspace.manifest.devDependencies ?? {};
  for (const part of ["src", "test", "bench", "scripts"]) {
    for (const file of tsFiles(join(workspace.dir, part))) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier);
          if (!target.startsWith(`${workspace.dir}/`))
            say(file, `relative import leaves the workspace: ${specifier}`);
          continue;
        }
        if (part === "src" && PURE.includes(workspace.name) && IO_MODULES.includes(specifier))
          say(file, `a pure layer imports ${specifier}`);
        if (!specifier.startsWith(SCOPE)) continue;
        const [name = "", ...rest] = specifier.slice(SCOPE.length).split("/");
        const subpath = rest.length === 0 ? "." : `./${rest.join("/")}`;
        const imported = byName.get(name);
        if (!imported) {
          say(file, `imports an unknown workspace ${specifier}`);
          continue;
        }
        if (!Object.hasOwn(imported.manifest.exports ?? {}, subpath))
          say(file, `${specifier} is not among ${name}'s exports`);
        const declared = part === "src" ? deps : { ...deps, ...devDeps };
        if (name !== workspace.name && !Object.hasOwn(declared, `${SCOPE}${name}`))
          say(file, `${specifier} is not declared in package.json`);
        const own = LAYERS[workspace.name] ?? Number.POSITIVE_INFINITY;
        if (part === "src" && name !== workspace.name && (LAYERS[name] ?? 0) >= own)
          say(
            file,
            `imports upward or sideways: ${workspace.name} (layer ${own}) → ${name} (layer ${LAYERS[name]})`,
          );
      }
      if (
        part === "src" &&
        PURE.includes(workspace.name) &&
        /\bprocess\.(env|exit|argv|stdout|stderr|cwd)\b/.test(readFileSync(file, "utf8"))
      )
        say(file, "a pure layer reads the process");
    }
  }
  return violations;
}

/** The first import cycle among a workspace's src modules (type-only imports load nothing), as a list of files. */
function cycleIn(workspace: Workspace): string[] | undefined {
  const files = tsFiles(join(workspace.dir, "src"));
  const edges = new Map(
    files.map((file) => [
      file,
      importsOf(file, true)
        .filter((s) => s.startsWith("."))
        .map((s) => resolve(dirname(file), s)),
    ]),
  );
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return stack.slice(stack.indexOf(file)).concat(file);
    state.set(file, "open");
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) return cycle.map((f) => relative(ROOT, f));
  }
  return undefined;
}

describe("the workspace's layering", () => {
  it("knows every workspace's layer", () => {
    expect(workspaces.map((w) => w.name).filter((name) => !(name in LAYERS))).toEqual([]);
  });

  for (const workspace of workspaces) {
    it(`${workspace.name}: imports only down, only through exports, and stays pure where it must`, () => {
      expect(check(workspace)).toEqual([]);
    });
    it(`${workspace.name}: no import cycle${CONTRACT_STACK.includes(workspace.name) ? ", no two modules with one name" : ""}`, () => {
      expect(cycleIn(workspace)).toBeUndefined();
      if (!CONTRACT_STACK.includes(workspace.name)) return;
      const names = tsFiles(join(workspace.dir, "src")).map((file) => basename(file));
      expect(names.filter((name, i) => name !== "index.ts" && names.indexOf(name) !== i)).toEqual([]);
    });
  }

  // The checker itself must be able to fail: each rule against a file that breaks it.
  it("catches what it is meant to catch", () => {
    const engine = byName.get("engine") as Workspace;
    const broken = { ...engine, manifest: { ...engine.manifest, dependencies: {} } };
    expect(check(broken).some((v) => v.problem.includes("not declared"))).toBe(true);
    const upward = { ...engine, name: "findings" };
    expect(check(upward).some((v) => v.problem.includes("imports upward"))).toBe(true);
  });
});
