/**
 * Which operation of the spec a proxied request is: its method and its path,
 * matched against the spec's path templates under the upstream's base path
 * (`/client/v4` of `https://api.cloudflare.com/client/v4`). Matched on the raw
 * path, as sent: a `{param}` is one segment, whatever its encoding.
 */

import { type OperationId, type SpecIndex, templatePattern } from "@impersonation-registry/engine";

export type OperationMatcher = (method: string, rawPath: string) => OperationId | undefined;

export function operationMatcher(index: SpecIndex, basePath: string): OperationMatcher {
  const prefix = templatePattern(basePath.replace(/\/+$/, ""));
  const routes = [...index.operations.values()].map((operation) => ({
    id: operation.id as OperationId,
    method: operation.method.toUpperCase(),
    pattern: new RegExp(`^${prefix}${templatePattern(operation.path)}$`),
  }));
  return (method, rawPath) => {
    const path = rawPath.split("?", 1)[0] ?? "";
    const upper = method.toUpperCase();
    return routes.find((route) => route.method === upper && route.pattern.test(path))?.id;
  };
}
