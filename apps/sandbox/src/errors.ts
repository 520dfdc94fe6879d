/**
 * Errors are values: an ApiError carries the HTTP status and the Cloudflare
 * error objects, and the server turns it into the v4 envelope. Codes Cloudflare
 * documents are used as such; where its code for a case is unknown the sandbox
 * uses 10000 + the HTTP status (see README, "Error codes").
 */
export interface ErrorDetail {
  code: number;
  message: string;
  source?: { pointer: string };
  /** The errors that led to this one: Cloudflare puts the chain inside each error (openapi/README.md). */
  error_chain?: ErrorDetail[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(status: number, detail: ErrorDetail, options: { headers?: Record<string, string> } = {}) {
    super(detail.message);
    this.status = status;
    this.details = [detail];
    this.headers = options.headers ?? {};
  }

  /** The same error with another status or code (for the drift profiles that change errors). */
  with(change: { status?: number; code?: number }): ApiError {
    const detail = this.details[0] as ErrorDetail;
    return new ApiError(
      change.status ?? this.status,
      { ...detail, code: change.code ?? detail.code },
      { headers: this.headers },
    );
  }
}

/** The code of every validation error: invalid path/query/body, malformed JSON, invalid address or pattern. */
const VALIDATION_CODE = 10400;

/** True for a validation error of a request (the 400s with code 10400). */
export function isValidationError(error: ApiError): boolean {
  return error.status === 400 && error.details[0]?.code === VALIDATION_CODE;
}

export const apiErrors = {
  missingCredentials: () =>
    new ApiError(400, { code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }),
  missingAuthHeader: (header: string) =>
    new ApiError(400, { code: 9106, message: `Missing ${header} header` }),
  malformedAuthorization: () =>
    new ApiError(400, {
      code: 6003,
      message: "Invalid request headers",
      error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
    }),
  invalidToken: () => new ApiError(403, { code: 9109, message: "Invalid access token" }),
  unknownGlobalKey: () => new ApiError(403, { code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }),
  forbidden: () => new ApiError(403, { code: 10000, message: "Authentication error" }),
  // Cloudflare names the path it could not route; the caller's identifier is left out of the message.
  unroutableAccount: () =>
    new ApiError(400, {
      code: 7003,
      message: "Could not route to /accounts/…, perhaps your object identifier is invalid?",
    }),
  invalidRequest: (message: string, pointer?: string) =>
    new ApiError(
      400,
      pointer === undefined
        ? { code: VALIDATION_CODE, message }
        : { code: VALIDATION_CODE, message, source: { pointer } },
    ),
  malformedHttp: () => new ApiError(400, { code: 10400, message: "Malformed HTTP request" }),
  headersTooLarge: () => new ApiError(431, { code: 10431, message: "Request headers too large" }),
  malformedJson: () =>
    new ApiError(400, { code: VALIDATION_CODE, message: "Malformed JSON in request body" }),
  entryNotFound: () => new ApiError(404, { code: 10404, message: "Impersonation registry entry not found" }),
  noRoute: () => new ApiError(404, { code: 7000, message: "No route for that URI" }),
  methodNotAllowed: (allow: string) =>
    new ApiError(405, { code: 7001, message: "Method not allowed for this route" }, { headers: { allow } }),
  directorySynced: () =>
    new ApiError(409, {
      code: 10409,
      message: "Directory-synced entries can't be updated; change them in the directory they come from",
    }),
  // The rest of the body is never read, so the connection cannot carry another request.
  payloadTooLarge: (limit: number) =>
    new ApiError(
      413,
      { code: 10413, message: `Request body larger than ${limit} bytes` },
      { headers: { connection: "close" } },
    ),
  unsupportedMediaType: (expected: string) =>
    new ApiError(415, { code: 10415, message: `Unsupported content type; send ${expected}` }),
  rateLimited: (headers: Record<string, string>) =>
    new ApiError(
      429,
      { code: 971, message: "Please wait and consider throttling your request speed" },
      { headers },
    ),
  internal: () => new ApiError(500, { code: 10001, message: "Internal server error" }),
};
