/**
 * Types generated from openapi/impersonation-registry.yaml, plus named aliases.
 * Type-only: importing this entry point costs nothing at run time. The spec
 * document itself is at "@impersonation-registry/types/spec".
 */
import type { components, operations } from "./generated/schema.ts";

export type { components, operations, paths } from "./generated/schema.ts";

type Schemas = components["schemas"];

export type ImpersonationRegistryEntry = Schemas["ImpersonationRegistryEntry"];
export type Provenance = Schemas["Provenance"];
export type CreateEntryBody = Schemas["CreateEntryBody"];
export type UpdateEntryBody = Schemas["UpdateEntryBody"];
export type DeletedEntry = Schemas["DeletedEntry"];
export type ResponseMessage = Schemas["ResponseMessage"];
export type ResponseError = Schemas["ResponseError"];
export type ResultInfo = Schemas["ResultInfo"];
export type EntryEnvelope = Schemas["EntryEnvelope"];
export type EntryListEnvelope = Schemas["EntryListEnvelope"];
export type DeletedEntryEnvelope = Schemas["DeletedEntryEnvelope"];
export type ErrorEnvelope = Schemas["ErrorEnvelope"];

export type OperationId = keyof operations;
export type ListEntriesQuery = NonNullable<operations["listEntries"]["parameters"]["query"]>;
