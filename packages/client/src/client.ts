import type {
  CreateEntryBody,
  DeletedEntry,
  ImpersonationRegistryEntry,
  ListEntriesQuery,
  paths,
  ResultInfo,
  UpdateEntryBody,
} from "@impersonation-registry/types";
import openapiFetch, { type Client, defaultPathSerializer } from "openapi-fetch";
import { apiErrorFrom, ConnectionError, ImpersonationRegistryError, TimeoutError } from "./errors.ts";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { paginate } from "./paginate.ts";
import { redactSecrets } from "./redact.ts";
import { backoff, mayRetry, retryDelay, sleep } from "./retry.ts";

/**
 * The ESM build gets openapi-fetch's default export, the function. The CommonJS build requires
 * openapi-fetch's CommonJS file, and the bundler's interop (Node's rule for a default import of
 * CommonJS) hands over the whole `exports` object, whose `default` is the function.
 */
const createFetchClient: typeof openapiFetch =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

const COLLECTION = "/accounts/{account_id}/email-security/settings/impersonation_registry";
const ITEM =
  "/accounts/{account_id}/email-security/settings/impersonation_registry/{impersonation_registry_id}";

/** Options of one call; each overrides the client's own. */
export interface RequestOptions {
  accountId?: string;
  signal?: AbortSignal;
  timeout?: number;
  maxRetries?: number;
}

/** At least one field: the API refuses an empty update (`minProperties: 1`). */
export type NonEmptyUpdate = {
  [K in keyof UpdateEntryBody]-?: Required<Pick<UpdateEntryBody, K>> & UpdateEntryBody;
}[keyof UpdateEntryBody];

export interface EntryPage {
  result: ImpersonationRegistryEntry[];
  resultInfo: ResultInfo | undefined;
}

export interface ImpersonationRegistryClient {
  /** One page of entries. */
  list(query?: ListEntriesQuery, options?: RequestOptions): Promise<EntryPage>;
  /**
   * Every entry, page after page (`per_page` default 100, at most 1000), fetching the next page
   * only when the previous one is used up; `break` stops fetching. Ends on a short page, or with
   * a `PaginationError` when the server would make it endless (see `paginate`).
   */
  listAll(
    query?: ListEntriesQuery,
    options?: RequestOptions,
  ): AsyncGenerator<ImpersonationRegistryEntry, void>;
  get(id: string, options?: RequestOptions): Promise<ImpersonationRegistryEntry>;
  create(body: CreateEntryBody, options?: RequestOptions): Promise<ImpersonationRegistryEntry>;
  update(id: string, body: NonEmptyUpdate, options?: RequestOptions): Promise<ImpersonationRegistryEntry>;
  delete(id: string, options?: RequestOptions): Promise<DeletedEntry>;
  /** The openapi-fetch client underneath: same auth and middleware, no retries, no timeout, never throws for a status. */
  readonly raw: Client<paths>;
  readonly accountId: string | undefined;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type PathParams = { account_id: string; impersonation_registry_id?: string };
interface Call {
  method: Method;
  path: typeof COLLECTION | typeof ITEM;
  params: { path: PathParams; query?: ListEntriesQuery };
  body?: unknown;
}
/** The Cloudflare envelope as far as this module needs it; the public methods type `result` from the spec. */
interface Envelope {
  success?: boolean;
  result?: unknown;
  result_info?: ResultInfo;
}

export function createClient(options: ClientOptions = {}): ImpersonationRegistryClient {
  const resolved = resolveOptions(options);
  const common = { baseUrl: resolved.baseUrl, headers: resolved.headers };
  const withOptions = () => {
    const client = createFetchClient<paths>({ ...common, ...(options.fetch && { fetch: options.fetch }) });
    if (options.middleware) client.use(...options.middleware);
    return client;
  };
  const raw = withOptions();
  // A separate client, so that `raw.use()` never changes how the resource methods behave.
  const resource = options.middleware?.length || options.fetch ? withOptions() : fastClient(common);
  const basePath = new URL(resolved.baseUrl).pathname.replace(/\/$/, "");
  const send = sender(resource, resolved, basePath);

  const pathParams = (callOptions: RequestOptions | undefined, id?: string): PathParams => {
    const accountId = callOptions?.accountId ?? resolved.accountId;
    if (!accountId) {
      throw new ImpersonationRegistryError(
        "No account id: pass accountId to createClient or to the call, or set CLOUDFLARE_ACCOUNT_ID",
      );
    }
    return id === undefined
      ? { account_id: accountId }
      : { account_id: accountId, impersonation_registry_id: id };
  };

  const list = async (query?: ListEntriesQuery, callOptions?: RequestOptions): Promise<EntryPage> => {
    const params = { path: pathParams(callOptions), ...(query && { query }) };
    const data = await send({ method: "GET", path: COLLECTION, params }, callOptions);
    return { result: (data.result ?? []) as ImpersonationRegistryEntry[], resultInfo: data.result_info };
  };

  return {
    raw,
    accountId: resolved.accountId,
    list,
    listAll(query = {}, callOptions) {
      const perPage = query.per_page ?? 100;
      const accountId = callOptions?.accountId ?? resolved.accountId ?? "";
      // total_count counts entries "without any search parameters": a bound, never the end of a filtered listing.
      return paginate(
        async (page) => {
          const { result, resultInfo } = await list({ ...query, page, per_page: perPage }, callOptions);
          return { items: result, resultInfo };
        },
        {
          perPage,
          firstPage: query.page ?? 1,
          idOf: (entry) => entry.id,
          describe: `GET ${basePath}${defaultPathSerializer(COLLECTION, { account_id: accountId })}`,
        },
      );
    },
    async get(id, callOptions) {
      const params = { path: pathParams(callOptions, id) };
      return (await send({ method: "GET", path: ITEM, params }, callOptions))
        .result as ImpersonationRegistryEntry;
    },
    async create(body, callOptions) {
      const params = { path: pathParams(callOptions) };
      return (await send({ method: "POST", path: COLLECTION, params, body }, callOptions))
        .result as ImpersonationRegistryEntry;
    },
    async update(id, body, callOptions) {
      const params = { path: pathParams(callOptions, id) };
      return (await send({ method: "PATCH", path: ITEM, params, body }, callOptions))
        .result as ImpersonationRegistryEntry;
    },
    async delete(id, callOptions) {
      const params = { path: pathParams(callOptions, id) };
      return (await send({ method: "DELETE", path: ITEM, params }, callOptions)).result as DeletedEntry;
    },
  };
}

/**
 * openapi-fetch builds a Request and hands it to fetch, which builds a second one from it, copying
 * the headers and following the abort signal again. Middleware and custom fetch functions are owed
 * a real Request; without them, openapi-fetch gets this plain holder, and fetch builds the only
 * Request: about 15 % less CPU per call in bench/, which pays for the per-attempt timeout.
 */
class PendingRequest {
  readonly url: string;
  readonly init: RequestInit;
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
  }
}

function fastClient(options: { baseUrl: string; headers: Record<string, string> }): Client<paths> {
  return createFetchClient<paths>({
    ...options,
    Request: PendingRequest as unknown as typeof Request,
    fetch: (pending) => {
      const { url, init } = pending as unknown as PendingRequest;
      return globalThis.fetch(url, init);
    },
  });
}

/** Sends one call through openapi-fetch with a timeout per attempt, retries, and typed errors. */
function sender(client: Client<paths>, resolved: ResolvedOptions, basePath: string) {
  // Computed only when something fails: the success path spends nothing on it.
  const target = (call: Call) => ({
    method: call.method,
    path: basePath + defaultPathSerializer(call.path, call.params.path),
  });
  // The typed overloads of openapi-fetch need a literal path; the public methods carry the types.
  // The body is read as text so that a 2xx which is not JSON becomes an ApiError, not a parse error.
  const request = client.request as (
    method: Method,
    path: string,
    init: object,
  ) => Promise<{ data?: string; error?: unknown; response: Response }>;

  /** One attempt; an expired timeout rejects with TimeoutError, a caller's abort with its reason. */
  async function attempt(call: Call, timeout: number, userSignal: AbortSignal | undefined) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const signal = userSignal ? AbortSignal.any([userSignal, controller.signal]) : controller.signal;
    try {
      return await request(call.method, call.path, {
        params: call.params,
        body: call.body,
        signal,
        parseAs: "text",
      });
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      const where = target(call);
      if (controller.signal.aborted) {
        throw new TimeoutError(
          where,
          `No response within ${timeout} ms on ${where.method} ${where.path}`,
          error,
        );
      }
      const reason = redactSecrets(describe(error), resolved.secrets);
      throw new ConnectionError(
        where,
        `Connection failed (${reason}) on ${where.method} ${where.path}`,
        error,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  return async function send(call: Call, callOptions: RequestOptions | undefined): Promise<Envelope> {
    const userSignal = callOptions?.signal;
    const timeout = callOptions?.timeout ?? resolved.timeout;
    const maxRetries = callOptions?.maxRetries ?? resolved.maxRetries;
    for (let retry = 0; ; retry++) {
      let outcome: Awaited<ReturnType<typeof request>>;
      try {
        outcome = await attempt(call, timeout, userSignal);
      } catch (error) {
        if (
          !(error instanceof ConnectionError) ||
          retry >= maxRetries ||
          !mayRetry(call.method, undefined, error.cause)
        ) {
          throw error;
        }
        await sleep(backoff(retry), userSignal);
        continue;
      }
      const { response } = outcome;
      if (response.ok) {
        const body = parseJson(outcome.data);
        if ((body as Envelope | undefined)?.success === true) return body as Envelope;
        throw apiErrorFrom(response, body, target(call), resolved.secrets);
      }
      // undefined: the server asked for a longer wait than the client gives, so its error is the answer.
      const delay =
        retry < maxRetries && mayRetry(call.method, response.status, undefined)
          ? retryDelay(retry, response.headers)
          : undefined;
      if (delay !== undefined) {
        await sleep(delay, userSignal);
        continue;
      }
      throw apiErrorFrom(response, outcome.error, target(call), resolved.secrets);
    }
  };
}

/** The parsed JSON, or the text itself when it is not JSON (kept for the error). */
function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The innermost cause's message ("connect ECONNREFUSED 127.0.0.1:1"), which says more than "fetch failed". */
function describe(error: unknown): string {
  let current = error;
  while ((current as { cause?: unknown })?.cause instanceof Error)
    current = (current as { cause: unknown }).cause;
  return current instanceof Error ? current.message || current.name : String(error);
}
