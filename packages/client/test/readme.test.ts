/**
 * The README's `ts` examples, extracted from the README itself and type-checked against the built
 * package, so the documentation cannot drift from the API.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const packageDir = fileURLToPath(new URL("../", import.meta.url));
const readme = readFileSync(`${packageDir}README.md`, "utf8");
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, i) => ({
  // Placed in test/ so that "@impersonation-registry/client" resolves as it does for a consumer.
  fileName: `${packageDir}test/readme-example-${i + 1}.ts`,
  code: match[1] ?? "",
  heading: [...readme.slice(0, match.index).matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? "top",
}));

function typeErrors(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${packageDir}tsconfig.test.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("tsconfig.test.json could not be read");
  const virtual = new Map(examples.map((example) => [example.fileName, example.code]));
  // Examples declare clients just to show them; an unused one is no error in documentation.
  const options = { ...config.options, noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return new Map(
    examples.map(({ fileName }) => [
      fileName,
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
        .map(
          (d) =>
            `line ${d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : "?"}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
        ),
    ]),
  );
}

describe("README examples", () => {
  test("there is an example for each part of the API", () => {
    expect(examples.map((e) => e.heading)).toEqual([
      "Quick start",
      "Authentication",
      "Options",
      "Errors",
      "Retries",
      "Pagination",
      "Pagination",
      "Raw calls",
    ]);
  });

  const errors = typeErrors();
  for (const { fileName, heading } of examples) {
    test(`the "${heading}" example type-checks`, () => {
      expect(errors.get(fileName)).toEqual([]);
    });
  }
});
