/**
 * The operations of a (bundled) spec, walked the same way by everyone who needs
 * them: the contract app's response index and request checks, the sandbox's
 * request validation. No dependency: importing it loads nothing else.
 */

/** The HTTP methods OpenAPI allows under a path item. */
export const HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  schema?: object;
}

export interface SpecOperation {
  id: string;
  method: HttpMethod;
  /** The path template, e.g. `/accounts/{account_id}/…`. */
  path: string;
  /** The path item's and the operation's, an operation's parameter replacing the path item's of the same name and location. */
  parameters: ParameterObject[];
  /** The operation object itself, for what each user reads of it (responses, requestBody, extensions). */
  operation: Record<string, unknown>;
}

/** Every operation that has an operationId, in the spec's order. */
export function specOperations(spec: { paths: Record<string, Record<string, unknown>> }): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters ?? []) as ParameterObject[];
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (Record<string, unknown> & { operationId?: unknown }) | undefined;
      if (typeof operation?.operationId !== "string") continue;
      const own = (operation.parameters ?? []) as ParameterObject[];
      const inherited = shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      operations.push({
        id: operation.operationId,
        method,
        path,
        parameters: [...inherited, ...own],
        operation,
      });
    }
  }
  return operations;
}

/**
 * The parameters of one location as one object schema to validate them together: a path parameter
 * is always required; header names are lower case, as HTTP stacks hand them over.
 */
export function parameterSchema(parameters: readonly ParameterObject[], location: string) {
  const here = parameters.filter((parameter) => parameter.in === location);
  const name = (parameter: ParameterObject) =>
    location === "header" ? parameter.name.toLowerCase() : parameter.name;
  return {
    type: "object",
    properties: Object.fromEntries(here.map((parameter) => [name(parameter), parameter.schema ?? {}])),
    required: here.filter((parameter) => parameter.required || location === "path").map(name),
  };
}
