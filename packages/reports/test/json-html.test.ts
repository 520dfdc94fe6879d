/** A body as report.html prints it: JSON.stringify's layout, escaped, the nodes at a pointer marked. */
import { describe, expect, it } from "vitest";
import { jsonHtml, pointerSegments } from "../src/json-html.ts";

/** The page's text: tags dropped, entities read back. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

const body = {
  success: true,
  errors: [],
  result: [
    { id: "a", name: "Ann", tags: ["x", "y"], "a/b": 1, "c~d": 2 },
    { id: "b", name: 42, tags: [], "a/b": null, "c~d": {} },
  ],
  result_info: { count: 2, "0": "digit key" },
};

const cases: [name: string, pointer: string | undefined, marked: string[]][] = [
  ["no pointer: nothing marked", undefined, []],
  ["the whole body", "", [""]],
  ["one field", "/success", ["/success"]],
  ["an empty array is a node too", "/errors", ["/errors"]],
  ["every item of an array", "/result/*/name", ["/result/0/name", "/result/1/name"]],
  ["items of items", "/result/*/tags/*", ["/result/0/tags/0", "/result/0/tags/1"]],
  ["a key with a slash (~1)", "/result/*/a~1b", ["/result/0/a~1b", "/result/1/a~1b"]],
  ["a key with a tilde (~0)", "/result/*/c~0d", ["/result/0/c~0d", "/result/1/c~0d"]],
  ["a numeric key, as wildcardIndexes writes it", "/result_info/*", ["/result_info/0"]],
  ["an absent field", "/messages", []],
  ["under an absent parent", "/result/*/missing/deeper", []],
];

describe("jsonHtml", () => {
  for (const [name, pointer, marked] of cases) {
    it(name, () => {
      const rendered = jsonHtml(body, pointer);
      expect(rendered.marked).toEqual(marked);
      expect(text(rendered.html)).toBe(JSON.stringify(body, null, 2));
      const marks = [...rendered.html.matchAll(/<mark data-pointer="([^"]*)">/g)].map((m) => m[1]);
      expect(marks).toEqual(marked);
    });
  }

  it("each mark holds exactly the node at its pointer", () => {
    const rendered = jsonHtml(body, "/result/*/tags");
    const nodes = [...rendered.html.matchAll(/<mark data-pointer="([^"]*)">([\s\S]*?)<\/mark>/g)].map((m) => [
      m[1],
      JSON.parse(text(m[2] ?? "")),
    ]);
    expect(nodes).toEqual([
      ["/result/0/tags", ["x", "y"]],
      ["/result/1/tags", []],
    ]);
  });

  it("escapes what a server sent, keys and values alike", () => {
    const hostile = { "<b>key</b>": "<script>alert('x')</script>", "&": "\u2028" };
    const { html } = jsonHtml(hostile, "/<b>key<~1b>");
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain("&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;");
    expect(text(html)).toBe(JSON.stringify(hostile, null, 2));
  });

  it("walks own keys only: __proto__ and constructor are fields like any other", () => {
    const parsed = JSON.parse('{"__proto__": {"constructor": 1}, "constructor": 2}');
    const rendered = jsonHtml(parsed, "/__proto__/constructor");
    expect(rendered.marked).toEqual(["/__proto__/constructor"]);
    expect(text(rendered.html)).toBe(JSON.stringify(parsed, null, 2));
  });

  it("reads pointer segments per RFC 6901", () => {
    expect(pointerSegments("")).toEqual([]);
    expect(pointerSegments("/a~1b/c~0d/~01")).toEqual(["a/b", "c~d", "~1"]);
  });
});
