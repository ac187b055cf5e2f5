import { type Static, Type } from "typebox";

/**
 * The OpenID AuthZEN Authorization API 1.0 request shapes (https://openid.net/specs/authorization-api-1_0.html).
 * Extra fields are allowed, as the spec allows them; `properties` are free-form.
 */
const Name = Type.String({ minLength: 1, maxLength: 256 });
const Properties = Type.Record(Type.String(), Type.Unknown());

export const Subject = Type.Object({ type: Name, id: Name, properties: Type.Optional(Properties) });
export const Resource = Type.Object({ type: Name, id: Name, properties: Type.Optional(Properties) });
export const Action = Type.Object({ name: Name, properties: Type.Optional(Properties) });
export const Context = Properties;

export const EvaluationRequest = Type.Object({
  subject: Subject,
  action: Action,
  resource: Resource,
  context: Type.Optional(Context),
});

export const EvaluationsSemantic = Type.Union([
  Type.Literal("execute_all"),
  Type.Literal("deny_on_first_deny"),
  Type.Literal("permit_on_first_permit"),
]);

/** Every member optional: the top level holds defaults, each item what it overrides. */
const EvaluationItem = Type.Object({
  subject: Type.Optional(Subject),
  action: Type.Optional(Action),
  resource: Type.Optional(Resource),
  context: Type.Optional(Context),
});

export const EvaluationsRequest = Type.Object({
  subject: Type.Optional(Subject),
  action: Type.Optional(Action),
  resource: Type.Optional(Resource),
  context: Type.Optional(Context),
  options: Type.Optional(
    Type.Object({ evaluations_semantic: Type.Optional(EvaluationsSemantic) }, { additionalProperties: true }),
  ),
  evaluations: Type.Optional(Type.Array(EvaluationItem, { maxItems: 1000 })),
});

export const Decision = Type.Object({
  decision: Type.Boolean(),
  context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** Search pages: `token` is the opaque `next_token` of the previous page. */
export const PageRequest = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
const PageResponse = Type.Object({ next_token: Type.String() });

export const SubjectSearchRequest = Type.Object({
  subject: Type.Object({ type: Name, properties: Type.Optional(Properties) }),
  action: Action,
  resource: Resource,
  context: Type.Optional(Context),
  page: Type.Optional(PageRequest),
});
export const ResourceSearchRequest = Type.Object({
  subject: Subject,
  action: Action,
  resource: Type.Object({ type: Name, properties: Type.Optional(Properties) }),
  context: Type.Optional(Context),
  page: Type.Optional(PageRequest),
});
export const ActionSearchRequest = Type.Object({
  subject: Subject,
  resource: Resource,
  context: Type.Optional(Context),
  page: Type.Optional(PageRequest),
});

export const SubjectResults = Type.Object({
  results: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })),
  page: PageResponse,
});
export const ResourceResults = Type.Object({
  results: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })),
  page: PageResponse,
});
export const ActionResults = Type.Object({
  results: Type.Array(Type.Object({ name: Type.String() })),
  page: PageResponse,
});

export type SubjectT = Static<typeof Subject>;
export type ResourceT = Static<typeof Resource>;
export type ActionT = Static<typeof Action>;
export type ContextT = Static<typeof Context>;
export type EvaluationT = Static<typeof EvaluationRequest>;
export type EvaluationsT = Static<typeof EvaluationsRequest>;
