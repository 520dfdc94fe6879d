/** The command line: defaults, repeatable options, and the values it refuses. */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAge, parseCommand } from "../../src/cli/args.ts";
import { defaultReportsRoot } from "../../src/cli/paths.ts";

describe("parseCommand", () => {
  it("defaults to a run on mock and sandbox failing on breaking findings", () => {
    expect(parseCommand([])).toMatchObject({
      kind: "run",
      targets: ["mock", "sandbox"],
      failOn: "breaking",
      allowWrites: false,
      scenarios: [],
    });
  });

  it("takes --target and --scenario more than once", () => {
    const command = parseCommand([
      "--target",
      "mock",
      "--target",
      "live",
      "--scenario",
      "auth",
      "--scenario",
      "lifecycle",
    ]);
    expect(command).toMatchObject({ targets: ["mock", "live"], scenarios: ["auth", "lifecycle"] });
  });

  it("defaults sweep to live and an hour", () => {
    expect(parseCommand(["sweep"])).toEqual({ kind: "sweep", targets: ["live"], olderThanMs: 3_600_000 });
  });

  it("takes suggest's report, output and spec", () => {
    expect(parseCommand(["suggest", "--report", "r", "--out", "p.patch", "--spec", "s.yaml"])).toEqual({
      kind: "suggest",
      reportDir: "r",
      out: "p.patch",
      write: false,
      specPath: "s.yaml",
    });
  });

  it("keeps a history in the report directory by default, 400 runs", () => {
    expect(parseCommand([])).toMatchObject({
      history: { path: join(defaultReportsRoot, "history.db"), keep: 400 },
    });
    expect(parseCommand(["--report-dir", "out", "--history-keep", "7"])).toMatchObject({
      history: { path: resolve("out", "history.db"), keep: 7 },
    });
    expect(parseCommand(["--report-dir", "out", "--history", "h.db"])).toMatchObject({
      history: { path: resolve("h.db") },
    });
    expect(parseCommand(["--no-history"])).toMatchObject({ kind: "run", history: undefined });
  });

  it("parses history with the same default path, the last 20 runs, as text", () => {
    expect(parseCommand(["history"])).toEqual({
      kind: "history",
      path: join(defaultReportsRoot, "history.db"),
      targets: [],
      last: 20,
      format: "text",
    });
    expect(
      parseCommand(["history", "--report-dir", "out", "--target", "live", "--last", "3", "--format", "json"]),
    ).toEqual({
      kind: "history",
      path: resolve("out", "history.db"),
      targets: ["live"],
      last: 3,
      format: "json",
    });
  });

  const refused: [string[], RegExp][] = [
    [["sweep", "--target", "sandbox"], /sweep works on --target live only/],
    [["suggest", "--out", "p.patch", "--write"], /--out and --write exclude each other/],
    [["--report", "r"], /--report, --out and --write belong to suggest/],
    [["--older-than", "1h"], /--older-than belongs to sweep/],
    [["list", "extra"], /unexpected argument extra/],
    [["--sandbox-url", "ftp://x"], /--sandbox-url is not an http\(s\) URL/],
    [["--no-history", "--history", "h.db"], /--no-history cannot go with --history/],
    [["--history-keep", "0"], /--history-keep must be an integer ≥ 1, got 0/],
    [["--last", "5"], /--last belongs to history/],
    [["history", "--no-history"], /--no-history and --history-keep belong to a run/],
    [["history", "--format", "yaml"], /--format must be text or json, got yaml/],
    [["history", "--last", "x"], /--last must be an integer ≥ 1, got x/],
    [["history", "--target", "prod"], /--target must be one of mock, sandbox, live, got prod/],
    [["hist"], /unknown command hist; commands: list, sweep, suggest, history/],
  ];
  for (const [argv, message] of refused) {
    it(`refuses ${argv.join(" ")}`, () => {
      expect(() => parseCommand(argv)).toThrow(message);
    });
  }
});

describe("parseAge", () => {
  const ages: [string, number][] = [
    ["0", 0],
    ["45s", 45_000],
    ["30m", 1_800_000],
    ["1h", 3_600_000],
    ["1.5h", 5_400_000],
    ["2d", 172_800_000],
  ];
  for (const [text, ms] of ages) {
    it(`${text} → ${ms} ms`, () => {
      expect(parseAge(text)).toBe(ms);
    });
  }

  it("refuses an age without a unit", () => {
    expect(() => parseAge("60")).toThrow(/--older-than must be 0 or a number with s, m, h or d/);
  });
});
