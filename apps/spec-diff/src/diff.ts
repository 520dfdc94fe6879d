/**
 * Two dereferenced specs → findings, one per change, keyed by operation. Each
 * operation is compared as a consumer sees it: its parameters (path-level ones
 * included), request body, responses and effective security.
 */
import { isDeepStrictEqual } from "node:util";
import type { Finding } from "@impersonation-registry/findings";
import { isNode, type Node } from "./load.ts";
import { type RuleId, ruleById } from "./rules.ts";
import { compareSchema } from "./schema-diff.ts";
import { asNode, brief, compareRest, type Direction, type Emit, eachKey, segment } from "./walk.ts";

/** A Finding whose `expected` is the base spec's value and `observed` the working copy's. */
export interface SpecFinding extends Finding {
  rule: RuleId;
  /** `GET /accounts/{account_id}/…`, the operation's address; `operation` is its operationId. */
  endpoint: string;
}

/** Changes outside any operation (info, servers, the OpenAPI version) are reported under this name. */
export const DOCUMENT = "(document)";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

interface Operation {
  node: Node;
  /** Keyed `in:name`; operation-level parameters override path-level ones, as in OpenAPI. */
  parameters: Map<string, Node>;
  security: Security;
}

function operations(spec: Node): Map<string, Operation> {
  const result = new Map<string, Operation>();
  const schemes = asNode(asNode(spec.components).securitySchemes);
  for (const [path, item] of Object.entries(asNode(spec.paths))) {
    const pathItem = asNode(item);
    for (const method of METHODS) {
      const node = pathItem[method];
      if (!isNode(node)) continue;
      const parameters = new Map<string, Node>();
      for (const parameter of [pathItem.parameters, node.parameters].flatMap((list) =>
        Array.isArray(list) ? list : [],
      )) {
        if (isNode(parameter)) parameters.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
      }
      const endpoint = `${method.toUpperCase()} ${path}`;
      result.set(endpoint, {
        node,
        parameters,
        security: effectiveSecurity(node.security ?? spec.security, schemes),
      });
    }
  }
  return result;
}

/**
 * The alternatives an operation accepts, each with its schemes' definitions, so
 * renaming a header of a scheme is a change too. Descriptions do not count.
 */
function effectiveSecurity(requirements: unknown, schemes: Node): Security {
  const alternatives = (Array.isArray(requirements) ? requirements : []).map((requirement) => {
    const entries = Object.entries(asNode(requirement)).sort(([a], [b]) => a.localeCompare(b));
    const definitions = entries.map(([name, scopes]) => {
      const { description: _ignored, ...scheme } = asNode(schemes[name]);
      return [name, scopes, scheme];
    });
    return { label: entries.map(([name]) => name).join(" + "), canonical: JSON.stringify(definitions) };
  });
  return alternatives.sort((a, b) => a.canonical.localeCompare(b.canonical));
}

type Security = { label: string; canonical: string }[];

function securityLabel(security: Security): string {
  return security.length === 0 ? "none" : security.map((alternative) => alternative.label).join(" | ");
}

export function diffSpecs(before: Node, after: Node): SpecFinding[] {
  const findings: SpecFinding[] = [];
  const emitFor =
    (operation: string, endpoint: string): Emit =>
    (rule, pointer, expected, observed) =>
      findings.push({
        rule,
        severity: ruleById(rule).severity,
        operation,
        endpoint,
        pointer,
        expected,
        observed,
      });

  const documentEmit = emitFor(DOCUMENT, "");
  compareRest(before, after, "", new Set(["paths", "components", "security", "info"]), documentEmit);
  compareRest(asNode(before.info), asNode(after.info), "/info", new Set(), documentEmit);

  const beforeOps = operations(before);
  const afterOps = operations(after);
  for (const endpoint of new Set([...afterOps.keys(), ...beforeOps.keys()])) {
    const b = beforeOps.get(endpoint);
    const a = afterOps.get(endpoint);
    const name = String(a?.node.operationId ?? b?.node.operationId ?? endpoint);
    const emit = emitFor(name, endpoint);
    if (b === undefined) emit("operation-added", "", undefined, endpoint);
    else if (a === undefined) emit("operation-removed", "", endpoint, undefined);
    else compareOperation(b, a, emit);
  }
  return findings;
}

const OPERATION_HANDLED = new Set(["operationId", "security", "parameters", "requestBody", "responses"]);

function compareOperation(before: Operation, after: Operation, emit: Emit) {
  if (before.node.operationId !== after.node.operationId) {
    emit("operation-id-changed", "/operationId", before.node.operationId, after.node.operationId);
  }
  if (!isDeepStrictEqual(before.security, after.security)) {
    emit("security-changed", "/security", securityLabel(before.security), securityLabel(after.security));
  }
  compareParameters(before.parameters, after.parameters, emit);
  compareRequestBody(before.node.requestBody, after.node.requestBody, emit);
  compareResponses(asNode(before.node.responses), asNode(after.node.responses), emit);
  compareRest(before.node, after.node, "", OPERATION_HANDLED, emit);
}

const PARAMETER_HANDLED = new Set(["name", "in", "required", "schema"]);

function compareParameters(before: Map<string, Node>, after: Map<string, Node>, emit: Emit) {
  const at = (key: string) => {
    const [location, ...name] = key.split(":");
    return `/parameters/${location}/${segment(name.join(":"))}`;
  };
  eachKey(Object.fromEntries(before), Object.fromEntries(after), {
    removed: (key) => emit("parameter-removed", at(key), brief(before.get(key)), undefined),
    added: (key) => {
      const parameter = after.get(key) as Node;
      emit(
        parameter.required === true ? "request-parameter-required" : "parameter-added",
        at(key),
        undefined,
        brief(parameter),
      );
    },
    both: (key) => {
      const b = before.get(key) as Node;
      const a = after.get(key) as Node;
      compareRequired(b, a, at(key), "request-parameter-required", emit);
      compareSchema(b.schema, a.schema, `${at(key)}/schema`, "request", emit);
      compareRest(b, a, at(key), PARAMETER_HANDLED, emit);
    },
  });
}

/** `required: true` appearing is `tightened`; disappearing relaxes a request. */
function compareRequired(before: Node, after: Node, pointer: string, tightened: RuleId, emit: Emit) {
  const was = before.required === true;
  const is = after.required === true;
  if (was !== is) emit(is ? tightened : "request-constraint-relaxed", `${pointer}/required`, was, is);
}

function compareRequestBody(before: unknown, after: unknown, emit: Emit) {
  const pointer = "/requestBody";
  if (!isNode(before) && !isNode(after)) return;
  if (!isNode(after)) return emit("request-property-removed", pointer, brief(before), undefined);
  if (!isNode(before)) {
    return emit(
      after.required === true ? "request-property-required" : "request-property-added",
      pointer,
      undefined,
      brief(after),
    );
  }
  compareRequired(before, after, pointer, "request-property-required", emit);
  compareContent(asNode(before.content), asNode(after.content), `${pointer}/content`, "request", emit);
  compareRest(before, after, pointer, new Set(["required", "content"]), emit);
}

function compareContent(before: Node, after: Node, pointer: string, direction: Direction, emit: Emit) {
  const at = (mediaType: string) => `${pointer}/${segment(mediaType)}`;
  eachKey(before, after, {
    removed: (mediaType) => emit("media-type-removed", at(mediaType), mediaType, undefined),
    added: (mediaType) => emit("media-type-added", at(mediaType), undefined, mediaType),
    both: (mediaType) => {
      const b = asNode(before[mediaType]);
      const a = asNode(after[mediaType]);
      compareSchema(b.schema, a.schema, `${at(mediaType)}/schema`, direction, emit);
      compareRest(b, a, at(mediaType), new Set(["schema"]), emit);
    },
  });
}

function compareResponses(before: Node, after: Node, emit: Emit) {
  const at = (status: string) => `/responses/${segment(status)}`;
  eachKey(before, after, {
    removed: (status) => emit("response-status-removed", at(status), status, undefined),
    added: (status) => emit("response-status-added", at(status), undefined, status),
    both: (status) => {
      const b = asNode(before[status]);
      const a = asNode(after[status]);
      compareHeaders(asNode(b.headers), asNode(a.headers), `${at(status)}/headers`, emit);
      compareContent(asNode(b.content), asNode(a.content), `${at(status)}/content`, "response", emit);
      compareRest(b, a, at(status), new Set(["headers", "content"]), emit);
    },
  });
}

function compareHeaders(before: Node, after: Node, pointer: string, emit: Emit) {
  // HTTP header names are case-insensitive: `Retry-After` renamed `retry-after` is no change.
  const lower = (headers: Node) =>
    Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const b = lower(before);
  const a = lower(after);
  const at = (name: string) => `${pointer}/${segment(name)}`;
  eachKey(b, a, {
    removed: (name) => emit("response-header-removed", at(name), brief(b[name]), undefined),
    added: (name) => emit("response-header-added", at(name), undefined, brief(a[name])),
    both: (name) => {
      const bh = asNode(b[name]);
      const ah = asNode(a[name]);
      const was = bh.required === true;
      const is = ah.required === true;
      if (was !== is) {
        emit(is ? "response-narrowed" : "response-property-became-optional", `${at(name)}/required`, was, is);
      }
      compareSchema(bh.schema, ah.schema, `${at(name)}/schema`, "response", emit);
      compareRest(bh, ah, at(name), new Set(["schema", "required"]), emit);
    },
  });
}
