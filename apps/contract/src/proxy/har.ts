/**
 * exchanges.har: the kept exchanges of a proxy session as HAR 1.2
 * (http://www.softwareishard.com/blog/har-12-spec/), for browser dev tools and
 * HAR viewers. Only what the session kept (those findings point at, and the
 * last ones), already redacted; bodies over 1 MB keep their first 64 KB and
 * say so in a comment. An exchange the upstream never answered shows what the
 * proxy answered instead, with the reason in `comment` and `_error`.
 */
import type { Kept, KeptBody } from "./session.ts";

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarHeader[];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string; comment?: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarHeader[];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string; encoding?: "base64"; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  _error?: string;
  _operation?: string;
}

export interface Har {
  log: {
    version: "1.2";
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
  };
}

const CREATOR = { name: "@impersonation-registry/contract proxy", version: "1" };

export function renderHar(kept: readonly Kept[], comment: string): Har {
  return { log: { version: "1.2", creator: CREATOR, entries: kept.map(entryOf), comment } };
}

const headerList = (headers: Record<string, string>): HarHeader[] =>
  Object.entries(headers).map(([name, value]) => ({ name, value }));

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function truncation(body: KeptBody): string | undefined {
  return body.truncated
    ? `truncated: ${body.size} bytes, the first ${body.text.length} characters kept`
    : undefined;
}

function entryOf(kept: Kept): HarEntry {
  const { request, response } = kept;
  let queryString: HarHeader[] = [];
  try {
    queryString = [...new URL(request.url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // A request target that is not a URL: recorded as sent, with no parsed query.
  }
  const requestType = request.headers["content-type"] ?? "";
  const postData = request.body && {
    mimeType: requestType,
    // HAR's postData has no encoding field: binary bytes are shown as base64, and said so.
    text: request.body.text,
    ...((truncation(request.body) || request.body.base64) && {
      comment: [request.body.base64 ? "base64" : undefined, truncation(request.body)]
        .filter(Boolean)
        .join("; "),
    }),
  };
  const body = response?.body;
  const wait = round(kept.waitMs);
  return {
    startedDateTime: kept.startedAt,
    time: round(kept.durationMs),
    request: {
      method: request.method,
      url: request.url,
      httpVersion: `HTTP/${request.httpVersion}`,
      cookies: [],
      headers: headerList(request.headers),
      queryString,
      ...(postData && { postData }),
      headersSize: -1,
      bodySize: request.bodySize,
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? "",
      httpVersion: response ? `HTTP/${response.httpVersion}` : "",
      cookies: [],
      headers: headerList(response?.headers ?? {}),
      content: {
        size: body?.size ?? 0,
        mimeType: response?.headers["content-type"] ?? "",
        ...(body && { text: body.text }),
        ...(body?.base64 && { encoding: "base64" as const }),
        ...(body && truncation(body) && { comment: truncation(body) }),
      },
      redirectURL: response?.headers.location ?? "",
      headersSize: -1,
      bodySize: response?.bodySize ?? 0,
    },
    cache: {},
    timings: { send: 0, wait, receive: Math.max(0, round(kept.durationMs - wait)) },
    ...(kept.error !== undefined && {
      comment: `no answer from the upstream (${kept.error}); the response is the proxy's`,
      _error: kept.error,
    }),
    ...(kept.operation !== undefined && { _operation: kept.operation }),
  };
}
