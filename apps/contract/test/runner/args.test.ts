/** The command line: defaults, repeatable options, and the values it refuses. */
import { describe, expect, it } from "vitest";
import { parseAge, parseCommand } from "../../src/runner/args.ts";

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

  const refused: [string[], RegExp][] = [
    [["sweep", "--target", "sandbox"], /sweep works on --target live only/],
    [["suggest", "--out", "p.patch", "--write"], /--out and --write exclude each other/],
    [["--report", "r"], /--report, --out and --write belong to suggest/],
    [["--older-than", "1h"], /--older-than belongs to sweep/],
    [["list", "extra"], /unexpected argument extra/],
    [["--sandbox-url", "ftp://x"], /--sandbox-url is not an http\(s\) URL/],
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
