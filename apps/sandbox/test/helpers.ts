/** Shared by the integration tests: a sandbox on a free port and a small HTTP helper speaking to it. */
import { afterAll, beforeAll } from "vitest";
import { type SandboxOptions, startSandbox } from "../src/index.ts";
import type { Sandbox } from "../src/sandbox.ts";

export const ADMIN_TOKEN = "test-admin-token";
export const JOHN_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
/** Directory-synced (SNOOPY-OFFICE_365, directory ids set) in the development seed. */
export const JANE_ID = "0b8d6c3e-2f4a-4c1e-9a57-3d2e1f0c9b8a";
/** Belongs to the seed's second account. */
export const OTHER_ACCOUNT_ENTRY_ID = "3a2b1c0d-9e8f-4a6b-8c4d-3e2f1a0b9c8d";
export const MISSING_ID = "00000000-0000-4000-8000-000000000000";

export function testSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, db: ":memory:", rateLimit: "off", adminToken: ADMIN_TOKEN, ...options });
}

/** One sandbox for the calling test file: started before its tests, closed after them. */
export function sandboxForFile(options: SandboxOptions = {}) {
  const file = {} as { sandbox: Sandbox; api: ReturnType<typeof client> };
  beforeAll(async () => {
    file.sandbox = await testSandbox(options);
    file.api = client(file.sandbox);
  });
  afterAll(() => file.sandbox.close());
  return file;
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in the tests
  body: any;
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  raw?: string;
  headers?: Record<string, string>;
}

/** Requests against one sandbox, authenticated with its write token unless told otherwise. */
export function client(sandbox: Sandbox) {
  const collection = `${sandbox.baseUrl}/accounts/${sandbox.accountId}/email-security/settings/impersonation_registry`;
  async function call(method: string, url: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? sandbox.credentials.writeToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
  return {
    collection,
    entryUrl: (id: string) => `${collection}/${id}`,
    call,
    list: (query = "", options?: CallOptions) => call("GET", `${collection}${query}`, options),
    get: (id: string, options?: CallOptions) => call("GET", `${collection}/${id}`, options),
    create: (body: unknown, options?: CallOptions) => call("POST", collection, { body, ...options }),
    update: (id: string, body: unknown, options?: CallOptions) =>
      call("PATCH", `${collection}/${id}`, { body, ...options }),
    remove: (id: string, options?: CallOptions) => call("DELETE", `${collection}/${id}`, options),
    setDrift: (profile: string | null, token = ADMIN_TOKEN) =>
      call("PUT", `${sandbox.origin}/__sandbox/drift`, { body: { profile }, token }),
  };
}

export const newEntry = (suffix: string | number) => ({
  name: `Person ${suffix}`,
  email: `person.${suffix}@example.com`,
  is_email_regex: false,
});
