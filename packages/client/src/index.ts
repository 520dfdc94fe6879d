/**
 * A typed client of Cloudflare Email Security's Impersonation Registry API, built on openapi-fetch.
 * No Node-only API: it runs in Node ≥ 20, browsers and Cloudflare Workers.
 */
export type {
  CreateEntryBody,
  DeletedEntry,
  ImpersonationRegistryEntry,
  ListEntriesQuery,
  Provenance,
  ResponseError,
  ResponseMessage,
  ResultInfo,
  UpdateEntryBody,
} from "@impersonation-registry/types";
export type { Middleware } from "openapi-fetch";
export {
  createClient,
  type EntryPage,
  type ImpersonationRegistryClient,
  type NonEmptyUpdate,
  type RequestOptions,
} from "./client.ts";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ImpersonationRegistryError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  type PaginationFailure,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from "./errors.ts";
export { type ClientOptions, DEFAULT_BASE_URL } from "./options.ts";
export { type Page, type PaginateOptions, paginate } from "./paginate.ts";
export { redactSecrets, type Secret } from "./redact.ts";
export { mayRetry, type RetryDelayOptions, retryDelay } from "./retry.ts";
