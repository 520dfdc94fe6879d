/**
 * `@impersonation-registry/sarif/testing`: what the tests of the apps that write
 * report.sarif and annotations check them with.
 */
export { parseWorkflowCommand, type WorkflowCommand, workflowCommandsIn } from "./commands.ts";
export { misplacedLocations, type SpecReader, specReader } from "./placement.ts";
