/**
 * Where in the spec's text a finding belongs: the node its pointer contradicts
 * (a response field's property in its schema, a status under the operation's
 * `responses`, a header, a request parameter or body field), found by walking
 * the YAML source and following its local `$ref`s. The node's `yamlPath` is
 * where it is declared, so two operations whose schemas share a component
 * property get the same one: it doubles as the key that groups findings per
 * spec node. When no node is that narrow, the nearest enclosing one is given,
 * and `fallback` says which.
 */
import { decodePointer, encodePointer } from "@impersonation-registry/findings";
import { parseSpecSource, type Region, type SourceNode, type SpecSource, scalarText } from "./source.ts";

/**
 * What a pointer points into:
 * - `response` (the default): the contract's response pointers — `/status`, `/headers/<name>`,
 *   `/duration` (the operation's latency), or a body pointer such as `/result/*\/name` (`""` = the body);
 * - `request`: what a consumer sent — `/body…`, `/path/<name>`, `/query/<name>`, `/headers/<name>`
 *   (`authorization` = the credentials, `content-type` = the body's media types);
 * - `operation`: the operation object as spec:diff writes its pointers (`/responses/200/…`,
 *   `/parameters/<in>/<name>/…`, `/requestBody/…`);
 * - `document`: a pointer into the whole document (spec:diff's changes outside any operation).
 */
export type PointerIn = "response" | "request" | "operation" | "document";

/** What a finding points at, in the words the contract and spec:diff use. */
export interface SpecPointer {
  /** operationId; ignored for `in: "document"`. */
  operation: string;
  pointer: string;
  in?: PointerIn;
  /** For response pointers: the status answered (`200`) or a key under `responses` (`4XX`). Without it, the first documented response that has the pointer. */
  status?: number | string;
}

/** The enclosing node a location fell back to when the pointer's own node does not exist. */
export type Fallback = "schema" | "request-body" | "response" | "operation" | "enclosing" | "document";

export interface SpecLocation extends Region {
  /** JSON pointer of the node in the spec file, after `$ref`s: `/components/schemas/X/properties/y`. */
  yamlPath: string;
  /** What the first line of the region names: the map key the node is written under, or a parameter's name. */
  key: string;
  /** Absent when the pointer's own node was found. */
  fallback?: Fallback;
  /** The rest of the pointer, which the node does not have: `/full_name` under a schema that does not document it. */
  missing?: string;
}

export interface SpecLocator {
  locate(target: SpecPointer): SpecLocation;
  /** The operation's node (`get:` under its path); the document when the spec has no such operation. */
  operation(operationId: string): SpecLocation;
}

interface Found {
  at: SourceNode;
  fallback?: Fallback;
  missing?: readonly string[];
}

interface Operation {
  node: SourceNode;
  pathItem: SourceNode;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const COMPOSITIONS = ["allOf", "oneOf", "anyOf"];
const isItems = (segment: string) => segment === "*" || /^\d+$/.test(segment);
const isJsonMediaType = (mediaType: string) => /^application\/(?:[\w.+-]+\+)?json$/i.test(mediaType.trim());

/** Parses the spec once; `label` names it in a YAML error. */
export function specLocator(text: string, label?: string): SpecLocator {
  const source = parseSpecSource(text, label);
  const { child, children, deref } = source;
  const operations = indexOperations(source);

  const toLocation = ({ at, fallback, missing }: Found): SpecLocation => ({
    ...source.region(at),
    yamlPath: encodePointer(at.path),
    key: scalarText(at.key) ?? scalarText(child(at, "name")?.node) ?? at.path.at(-1) ?? "",
    ...(fallback && { fallback }),
    ...(missing && { missing: encodePointer(missing) }),
  });

  const jsonSchema = (holder: SourceNode): SourceNode | undefined => {
    const content = child(holder, "content");
    const json =
      content && children(content).find((mediaType) => isJsonMediaType(mediaType.path.at(-1) ?? ""));
    return json && child(json, "schema");
  };

  /** A key in a schema's properties, or its items, looked for in its composed branches too. */
  const schemaChild = (
    schema: SourceNode,
    segment: string,
    seen: Set<SourceNode["node"]>,
  ): SourceNode | undefined => {
    if (seen.has(schema.node)) return undefined;
    seen.add(schema.node);
    const properties = child(schema, "properties");
    const own = isItems(segment) ? child(schema, "items") : properties && child(properties, segment);
    if (own) return own;
    for (const keyword of COMPOSITIONS) {
      const branches = child(schema, keyword);
      for (const branch of branches ? children(branches) : []) {
        const found = schemaChild(deref(branch), segment, seen);
        if (found) return found;
      }
    }
    return undefined;
  };

  const walkSchema = (schema: SourceNode, segments: readonly string[]): Found => {
    let current = deref(schema);
    for (const [i, segment] of segments.entries()) {
      const next = schemaChild(current, segment, new Set());
      if (!next) return { at: current, fallback: "schema", missing: segments.slice(i) };
      current = deref(next);
    }
    return { at: current };
  };

  /** The key under `responses` a status falls under, as OpenAPI resolves it: exact, `4XX` range, `default`. */
  const responseKey = (operation: Operation, status: number | string): SourceNode | undefined => {
    const responses = child(operation.node, "responses");
    const wanted =
      typeof status === "number" ? [String(status), `${Math.floor(status / 100)}XX`, "default"] : [status];
    for (const key of wanted) {
      const found = responses && child(responses, key, { anyCase: true });
      if (found) return found;
    }
    return undefined;
  };

  const inResponse = (statusKey: SourceNode, segments: readonly string[]): Found => {
    const response = deref(statusKey);
    const [first, name, ...rest] = segments;
    if (first === "headers" && name !== undefined && rest.length === 0) {
      // Content-Type is documented by the response's media types, not among its headers.
      const headers = child(response, "headers");
      const header =
        name.toLowerCase() === "content-type"
          ? child(response, "content")
          : headers && child(headers, name, { anyCase: true });
      return header ? { at: deref(header) } : { at: response, fallback: "response" };
    }
    const schema = jsonSchema(response);
    return schema ? walkSchema(schema, segments) : { at: response, fallback: "response" };
  };

  const locateResponse = (operation: Operation, target: SpecPointer): Found => {
    const atOperation: Found = { at: operation.node, fallback: "operation" };
    if (target.pointer === "/duration") return { at: operation.node };
    const statusKey = target.status === undefined ? undefined : responseKey(operation, target.status);
    if (target.pointer === "/status") return statusKey ? { at: statusKey } : atOperation;
    const segments = decodePointer(target.pointer);
    if (target.status !== undefined) return statusKey ? inResponse(statusKey, segments) : atOperation;
    const responses = child(operation.node, "responses");
    for (const candidate of responses ? children(responses) : []) {
      const found = inResponse(candidate, segments);
      if (!found.fallback) return found;
    }
    return atOperation;
  };

  /** The operation's parameter (its own before its path item's, as OpenAPI overrides them), after `$ref`s. */
  const parameter = (operation: Operation, location: string, name: string): SourceNode | undefined => {
    for (const holder of [operation.node, operation.pathItem]) {
      const list = child(holder, "parameters");
      for (const item of list ? children(list) : []) {
        const candidate = deref(item);
        const sameName =
          location === "header"
            ? scalarText(child(candidate, "name")?.node)?.toLowerCase() === name.toLowerCase()
            : scalarText(child(candidate, "name")?.node) === name;
        if (sameName && scalarText(child(candidate, "in")?.node) === location) return candidate;
      }
    }
    return undefined;
  };

  /** Headers that carry credentials: `Authorization` and every apiKey scheme's header. */
  const credentialHeaders = new Set(["authorization"]);
  const components = child(source.root, "components");
  const securitySchemes = components && child(components, "securitySchemes");
  for (const scheme of securitySchemes ? children(securitySchemes) : []) {
    const resolved = deref(scheme);
    const name = scalarText(child(resolved, "name")?.node);
    if (scalarText(child(resolved, "in")?.node) === "header" && name)
      credentialHeaders.add(name.toLowerCase());
  }

  const locateRequest = (operation: Operation, segments: readonly string[]): Found => {
    const atOperation: Found = { at: operation.node, fallback: "operation" };
    const requestBody = child(operation.node, "requestBody");
    const body = requestBody && deref(requestBody);
    const [first, name, ...rest] = segments;
    if (first === "body") {
      const schema = body && jsonSchema(body);
      if (schema) return walkSchema(schema, segments.slice(1));
      return body ? { at: body, fallback: "request-body" } : atOperation;
    }
    if ((first === "path" || first === "query") && name !== undefined && rest.length === 0) {
      const found = parameter(operation, first, name);
      return found ? { at: found } : atOperation;
    }
    if (first === "headers" && name !== undefined && rest.length === 0) {
      const lower = name.toLowerCase();
      const content = lower === "content-type" && body ? child(body, "content") : undefined;
      const found =
        content ??
        parameter(operation, "header", name) ??
        (credentialHeaders.has(lower)
          ? (child(operation.node, "security") ?? child(source.root, "security"))
          : undefined);
      return found ? { at: found } : atOperation;
    }
    return atOperation;
  };

  /** A pointer followed key by key from `start`, `$ref`s followed on the way; stops at the deepest node that exists. */
  const walkLiteral = (start: SourceNode, segments: readonly string[], operation?: Operation): Found => {
    let current = deref(start);
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      // spec:diff names parameters `/parameters/<in>/<name>`, not by their index.
      const [location, name] = [segments[i + 1], segments[i + 2]];
      const isNamedParameter =
        operation && i === 0 && segment === "parameters" && location && name && !/^\d+$/.test(location);
      const next = isNamedParameter ? parameter(operation, location, name) : child(current, segment);
      if (!next) {
        const fallback = i > 0 ? "enclosing" : operation ? "operation" : "document";
        return { at: current, fallback, missing: segments.slice(i) };
      }
      current = deref(next);
      if (isNamedParameter) i += 2;
    }
    return { at: current };
  };

  const find = (target: SpecPointer): Found => {
    if (target.in === "document") return walkLiteral(source.root, decodePointer(target.pointer));
    const operation = operations.get(target.operation);
    if (!operation) return { at: source.root, fallback: "document" };
    switch (target.in ?? "response") {
      case "request":
        return locateRequest(operation, decodePointer(target.pointer));
      case "operation":
        return walkLiteral(operation.node, decodePointer(target.pointer), operation);
      default:
        return locateResponse(operation, target);
    }
  };

  return {
    locate: (target) => toLocation(find(target)),
    operation: (id) => {
      const operation = operations.get(id);
      return toLocation(operation ? { at: operation.node } : { at: source.root, fallback: "document" });
    },
  };
}

/** Every operation with an operationId, by id. */
function indexOperations({ root, child, children, deref }: SpecSource): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = child(root, "paths");
  for (const item of paths ? children(paths) : []) {
    const pathItem = deref(item);
    for (const method of METHODS) {
      const node = child(pathItem, method);
      const id = node && scalarText(child(node, "operationId")?.node);
      if (node && id !== undefined) operations.set(id, { node, pathItem });
    }
  }
  return operations;
}
