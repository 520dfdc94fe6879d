/** The changeset gate, in a throwaway repository: bump declared vs bump spec:diff suggests. */
import { afterEach, describe, expect, it } from "vitest";
import { checkChangesets } from "../src/changeset-check.ts";
import { type TempRepo, tempRepo } from "./git-repo.ts";
import { patched } from "./patch.ts";

const SPEC = "openapi/impersonation-registry.yaml";
const changeset = (bumps: string) => `---\n${bumps}\n---\n\nDrop the 404 of getThing.\n`;
const breakingEdit = patched([{ op: "remove", path: "/paths/~1things~1{id}/get/responses/404" }]);
const infoEdit = patched([
  { op: "replace", path: "/paths/~1things~1{id}/get/summary", value: "Fetch a thing" },
]);

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

describe("changeset:check", () => {
  it.each([
    [
      "a breaking change with only a patch changeset",
      breakingEdit,
      '"@impersonation-registry/types": patch',
      "major",
      [/declare patch, but spec:diff suggests major/],
    ],
    [
      "a breaking change without a changeset",
      breakingEdit,
      undefined,
      "major",
      [/no changeset names @impersonation-registry\/types/],
    ],
    [
      "a changeset for another package only",
      breakingEdit,
      '"some-other-package": major',
      "major",
      [/no changeset names/],
    ],
    [
      "a breaking change with a major changeset",
      breakingEdit,
      '"@impersonation-registry/client": major',
      "major",
      [],
    ],
    [
      "a description change with a patch changeset",
      infoEdit,
      '"@impersonation-registry/types": patch',
      "patch",
      [],
    ],
    ["a description change without a changeset", infoEdit, undefined, "patch", [/no changeset/]],
  ])("%s", async (_name, spec, bumps, required, problems) => {
    repo = tempRepo({ [SPEC]: patched() });
    repo.write({
      [SPEC]: spec,
      ...(bumps === undefined ? {} : { ".changeset/drop-404.md": changeset(bumps) }),
    });
    const verdict = await checkChangesets({ cwd: repo.dir, base: "HEAD" });
    expect(verdict.required).toBe(required);
    expect(verdict.problems).toEqual(problems.map((pattern) => expect.stringMatching(pattern)));
  });

  it("on main itself, asks only about uncommitted edits: main's history was gated by its pull requests", async () => {
    repo = tempRepo({ [SPEC]: patched() });
    repo.write({ [SPEC]: breakingEdit });
    repo.commit("breaking edit merged through a pull request");
    expect((await checkChangesets({ cwd: repo.dir })).problems).toEqual([]);
    repo.write({ [SPEC]: infoEdit });
    expect((await checkChangesets({ cwd: repo.dir })).problems).toEqual([
      expect.stringMatching(/since HEAD but no changeset/),
    ]);
  });

  it("passes when neither the spec nor the types changed", async () => {
    repo = tempRepo({ [SPEC]: patched(), "README.md": "hello\n" });
    repo.write({ "README.md": "hello again\n" });
    expect(await checkChangesets({ cwd: repo.dir, base: "HEAD" })).toEqual({
      required: "none",
      declared: "none",
      problems: [],
    });
  });
});
