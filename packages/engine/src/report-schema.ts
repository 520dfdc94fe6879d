import { fileURLToPath } from "node:url";

/** The JSON Schema report.json follows, shipped beside the code so tests (and users) can validate against it. */
export const REPORT_SCHEMA_PATH = fileURLToPath(new URL("../report.schema.json", import.meta.url));
