import { packageTestConfig } from "../../vitest.shared.ts";

export default packageTestConfig("types", {
  test: { typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" } },
});
