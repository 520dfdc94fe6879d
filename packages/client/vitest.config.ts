import { packageTestConfig } from "../../vitest.shared.ts";

export default packageTestConfig("client", {
  test: { typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.test.json" } },
});
