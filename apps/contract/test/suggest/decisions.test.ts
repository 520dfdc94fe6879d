/**
 * What a person deciding on a suggested change is told: which server the values
 * came from (the target and its base URL, not always "live"), whether the
 * evidence is enough to widen a type or admit null (two runs or three
 * exchanges; otherwise the finding is left to them, with the count), and
 * whether requests use the schema too — in the patch's comment and in the
 * account.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ContractFinding, targetIdentity } from "@impersonation-registry/engine";
import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { renderSuggestion, type SuggestReport, suggest } from "../../src/suggest/index.ts";
import {
  cleanExchanges,
  drifted,
  engineFromSource,
  engineOf,
  REPO,
  RUN_ID,
  reportOf,
  SPEC_FILE,
  type TestExchange,
  withEntries,
} from "./helpers.ts";

const source = readFileSync(join(REPO, SPEC_FILE), "utf8");
const engine = engineOf(spec);
const ENTRY = "/components/schemas/ImpersonationRegistryEntry";

describe("the comment names the server the values came from", () => {
  const LOCAL = "http://127.0.0.1:37939/client/v4";
  const API = "https://api.cloudflare.com/client/v4";
  const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  // [case, targets as [name, base URL, account id], what the comment says]
  const CASES: [name: string, targets: [string, string, string?][], says: string][] = [
    ["a sandbox", [["sandbox", LOCAL]], `sandbox (${LOCAL}) disagrees with the docs`],
    [
      "live, at its base URL and account (redacted)",
      [["live", API, ACCOUNT]],
      `live (${API}, account …c353) disagrees with the docs`,
    ],
    [
      "a proxy session, at its upstream",
      [["proxy", "https://staging.example.com/client/v4"]],
      "proxy (https://staging.example.com/client/v4) disagrees with the docs",
    ],
    [
      "two targets that drifted alike",
      [
        ["sandbox", LOCAL],
        ["live", API, ACCOUNT],
      ],
      `sandbox (${LOCAL}) and live (${API}, account …c353) disagree with the docs`,
    ],
  ];
  for (const [name, targets, says] of CASES) {
    it(name, () => {
      const exchanges = targets.flatMap(([target]) => drifted(cleanExchanges(target), "type-change"));
      const report = reportOf(exchanges, engine, {
        targets: targets.map(([target, baseUrl, account]) => ({
          name: target,
          baseUrl,
          identity: targetIdentity(target, baseUrl, account),
          capabilities: { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true },
        })),
      });
      const suggestion = suggest(report, source);
      expect(suggestion.changes.map((change) => change.kind)).toEqual(["widen-type"]);
      expect(suggestion.patch).toContain(`# ${says}: observed string (run ${RUN_ID}); decide before merging`);
    });
  }

  it("a report that does not say where its targets were names them alone", () => {
    const { targets: _targets, ...report } = reportOf(drifted(cleanExchanges(), "type-change"), engine);
    expect(suggest(report, source).patch).toContain("# sandbox disagrees with the docs: observed string");
  });
});

/** `count` answers of getEntry whose entry's name is `value`, each its own exchange. */
function gets(count: number, value: unknown): TestExchange[] {
  const get = cleanExchanges().find((exchange) => exchange.operation === "getEntry") as TestExchange;
  return Array.from({ length: count }, (_, i) => ({
    ...withEntries(get, (entry) => {
      entry.name = value;
    }),
    id: `g${i + 1}`,
  }));
}

/** A report over the exchanges, its findings seen in `runs` runs as the history counts them. */
function seenIn(runs: number, exchanges: TestExchange[]): SuggestReport {
  const report = reportOf(exchanges, engine);
  return { ...report, findings: report.findings.map((finding) => ({ ...finding, seenInRuns: runs })) };
}

describe("widening a type or admitting null needs two runs or three exchanges", () => {
  // [the value the server sent, the rule, the change, what it is called in the reason]
  const KINDS: [unknown, string, string, string][] = [
    [42, "schema-type", "widen-type", "widening a type"],
    [null, "schema-nullable", "make-nullable", "adding `nullable`"],
  ];
  // [exchanges showing it, runs it was seen in, made?]
  const EVIDENCE: [number, number, boolean][] = [
    [1, 1, false],
    [2, 1, false],
    [3, 1, true],
    [1, 2, true],
  ];
  for (const [value, rule, kind, what] of KINDS) {
    for (const [exchanges, runs, made] of EVIDENCE) {
      it(`${kind}: ${exchanges} exchange(s), ${runs} run(s) → ${made ? "made" : "left to a person"}`, () => {
        const suggestion = suggest(seenIn(runs, gets(exchanges, value)), source);
        const drift = suggestion.skipped.filter((skipped) => skipped.finding.rule === rule);
        if (made) {
          expect(suggestion.changes.map((change) => [change.kind, change.at])).toEqual([
            [kind, `${ENTRY}/properties/name`],
          ]);
          expect(drift).toEqual([]);
        } else {
          expect(suggestion.changes).toEqual([]);
          expect(drift.map((skipped) => skipped.why)).toEqual([
            `seen in ${exchanges} exchange(s) of ${runs} run(s): ${what} needs at least 2 runs or 3 exchanges; decide by hand`,
          ]);
        }
      });
    }
  }

  it("a report without exchanges counts the steps its findings were seen at", () => {
    const report = reportOf(gets(1, 42), engine);
    const [finding] = report.findings.filter((f) => f.rule === "schema-type") as [ContractFinding];
    const steps = (count: number): SuggestReport => ({
      runId: report.runId,
      findings: [
        {
          ...finding,
          exchange: undefined,
          occurrences: finding.occurrences
            .slice(0, 1)
            .concat(
              Array.from({ length: count - 1 }, (_, i) => ({ scenario: "lifecycle", step: `get ${i + 2}` })),
            ),
        },
      ],
    });
    expect(suggest(steps(2), source).skipped.map((s) => s.why)).toEqual([
      "seen in 2 exchange(s) of 1 run(s): widening a type needs at least 2 runs or 3 exchanges; decide by hand",
    ]);
    expect(suggest(steps(3), source).changes.map((change) => change.kind)).toEqual(["widen-type"]);
  });
});

describe("a change to a schema requests use too says so", () => {
  it("Provenance, an enum of responses, of create and update bodies and of the list's filter", () => {
    const report = reportOf(drifted(cleanExchanges(), "unknown-enum"), engine);
    const suggestion = suggest(report, source);
    const [change] = suggestion.changes;
    const places = [
      "listEntries query parameter provenance",
      "createEntry request body",
      "updateEntry request body",
    ];
    expect(change?.requests).toEqual(places);
    expect(suggestion.patch).toContain(
      `observed SNOOPY-AZURE_AD (run ${RUN_ID}); requests use this schema too (${places.join(", ")}): they would accept it as well; decide before merging`,
    );
    const account = renderSuggestion(report, suggestion, undefined, SPEC_FILE);
    expect(account).toContain(
      `  + components.schemas.Provenance: enum + SNOOPY-AZURE_AD, to decide, shared with requests: ${places.join(", ")} (schema-enum`,
    );
  });

  it("a field added to a schema only responses use: no comment, nothing said", () => {
    const report = reportOf(drifted(cleanExchanges(), "extra-field"), engine);
    const suggestion = suggest(report, source);
    expect(suggestion.changes.map((change) => change.requests)).toEqual([[]]);
    const added = suggestion.patch.split("\n").filter((line) => /^\+(?!\+)/.test(line));
    expect(added).toEqual(["+        risk_level:", "+          type: string"]);
    expect(renderSuggestion(report, suggestion, undefined, SPEC_FILE)).not.toContain("shared with requests");
  });

  it("a field added to a schema a request body uses too: commented, and said in the account", async () => {
    // A spec whose create body is the entry itself: the entry is then a request's schema too.
    const shared = source.replace(
      '$ref: "#/components/schemas/CreateEntryBody"',
      '$ref: "#/components/schemas/ImpersonationRegistryEntry"',
    );
    expect(shared).not.toBe(source);
    const sharedEngine = await engineFromSource(shared, join(REPO, SPEC_FILE));
    const report = reportOf(drifted(cleanExchanges(), "extra-field"), sharedEngine);
    const suggestion = suggest(report, shared);
    expect(suggestion.changes.map((change) => [change.kind, change.at, change.requests])).toEqual([
      ["add-property", `${ENTRY}/properties/risk_level`, ["createEntry request body"]],
    ]);
    expect(suggestion.patch).toContain(
      `+        # seen in responses from sandbox (http://127.0.0.1:37939/client/v4) (run ${RUN_ID}); requests use this schema too (createEntry request body): they would accept it as well; decide before merging\n+        risk_level:\n`,
    );
    expect(renderSuggestion(report, suggestion, undefined, SPEC_FILE)).toContain(
      "risk_level: added as string, shared with requests: createEntry request body (undocumented-field",
    );
  });
});
