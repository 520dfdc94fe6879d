/**
 * The generated inputs of each operation, positive (valid per the spec) and negative (breaking
 * exactly one constraint, labelled with it and with the refusal's cause): create and PATCH
 * bodies, list queries, path ids. Created names start with the run's marker and invalid create
 * bodies carry it in their comments too, wherever the broken field allows, so whatever a server
 * wrongly accepts is still found by the cleanup and by sweep.
 */
import type { OperationId } from "@impersonation-registry/types";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import fc from "fast-check";
import type { Marker } from "../safety/marker.ts";
import { type FormatCheck, formatChecker } from "./formats.ts";
import { type Location, type Schema, type SpecInputs, specInputs } from "./inputs.ts";
import { type Draft, type Prefixed, validObject, validValue } from "./values.ts";
import { type Breach, bodyBreaches, parameterBreaches, type Violation } from "./violations.ts";

/** One generated request's input: valid, or breaking the one constraint `violation` names. */
export interface Example {
  operation: OperationId;
  violation?: Violation;
  /** Path parameters the example sets itself (a broken one); the others are the entry it is sent to. */
  path: Record<string, string>;
  query?: Draft;
  body?: Draft;
}

export interface Generators {
  inputs: SpecInputs;
  check: FormatCheck;
  /** Where the marker goes in a created name. */
  marked: Prefixed;
  createBody: fc.Arbitrary<Draft>;
  updateBody: fc.Arbitrary<Draft>;
  listQuery: fc.Arbitrary<Draft>;
  /** A well-formed entry id (the id parameter's format). */
  entryId: fc.Arbitrary<string>;
  invalid: Record<OperationId, fc.Arbitrary<Example> | undefined>;
}

/** The body property that carries the marker: the one `marker.name` fills, as every scenario marks its entries. */
const MARKED_PROPERTY = "name";
const COMMENTS = "comments";
const ENTRY_ID = "impersonation_registry_id";

export function generators(spec: SpecDocument, marker: Marker): Generators {
  const inputs = specInputs(spec);
  const check = formatChecker(spec);
  const marked: Prefixed = { property: MARKED_PROPERTY, prefix: marker.name("") };
  const options = { check, prefixed: marked };
  const createSchema = inputs.createEntry.body ?? {};
  const updateSchema = inputs.updateEntry.body ?? {};
  const createBody = validObject(createSchema, options);
  const updateBody = validObject(updateSchema, options);
  const listQuery = validObject({ type: "object", properties: inputs.listEntries.query }, options);
  const entryId = validValue(
    inputs.getEntry.path[ENTRY_ID] ?? { type: "string" },
    options,
  ) as fc.Arbitrary<string>;

  const withMarker = (body: Draft): Draft => ({ ...body, [COMMENTS]: marker.comments });
  /**
   * One arbitrary per breach of the operation (its body, query and path), each applied to a valid
   * request, all equally likely: a rarely broken constraint is as likely as a common one.
   */
  const invalid = (
    operation: OperationId,
    valid: { body?: fc.Arbitrary<Draft>; query?: fc.Arbitrary<Draft> },
    body?: Schema,
  ) => {
    const validBody = valid.body?.map((draft) => (operation === "createEntry" ? withMarker(draft) : draft));
    const each = (location: Location, breaches: fc.Arbitrary<Breach>[]) =>
      breaches.map((breach) =>
        fc
          .record({
            breach,
            body: validBody ?? fc.constant(undefined),
            query: valid.query ?? fc.constant(undefined),
          })
          .map(
            ({ breach, body, query }): Example => ({
              operation,
              violation: breach.violation,
              path: location === "path" ? brokenParameter(breach) : {},
              ...(body !== undefined && { body: location === "body" ? breach.apply(body) : body }),
              ...(query !== undefined && { query: location === "query" ? breach.apply(query) : query }),
            }),
          ),
      );
    const examples = [
      ...each("path", parameterBreaches("path", inputs[operation].path, check)),
      ...each("query", parameterBreaches("query", inputs[operation].query, check)),
      ...(body === undefined ? [] : each("body", bodyBreaches(body, options))),
    ];
    return examples.length === 0 ? undefined : fc.oneof(...examples);
  };
  return {
    inputs,
    check,
    marked,
    createBody,
    updateBody,
    listQuery,
    entryId,
    invalid: {
      createEntry: invalid("createEntry", { body: createBody }, createSchema),
      updateEntry: invalid("updateEntry", { body: updateBody }, updateSchema),
      listEntries: invalid("listEntries", { query: listQuery }),
      getEntry: invalid("getEntry", {}),
      deleteEntry: invalid("deleteEntry", {}),
    },
  };
}

/** The one path parameter a path breach sets, as `{ name: value }`. */
function brokenParameter(breach: Breach): Record<string, string> {
  const { name } = breach.violation;
  return { [name]: String(breach.apply({})[name]) };
}
