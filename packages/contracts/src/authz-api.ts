/**
 * authz's request and response schemas, one per wire shape. The service validates input with them
 * (422 on mismatch), types its handlers, filters responses to their declared fields and generates
 * /openapi.json; the console derives its types from the same objects. Key patterns and limits are
 * Permit's.
 */
import { Type } from "typebox";

/** Free-form JSON attributes, as Permit accepts them. */
export const Attributes = Type.Record(Type.String(), Type.Unknown());

export const UserKey = Type.String({ pattern: "^[A-Za-z0-9|@+\\-\\._]+$", minLength: 1, maxLength: 256 });
export const SchemaKey = Type.String({ pattern: "^[A-Za-z0-9\\-_]+$", minLength: 1, maxLength: 128 });
/**
 * Keys of the `actions` and `attributes` maps. A bare Record only constrains keys that match its
 * pattern, so the maps also forbid other keys (`read all`, `a:b` would break `resource:action`).
 */
const MapKey = Type.String({ pattern: "^[A-Za-z0-9\\-_]{1,128}$" });
/** Path segments: any key or id; existence is checked by the service. */
export const PathKey = Type.String({ minLength: 1, maxLength: 256 });
export const Name = Type.String({ minLength: 1, maxLength: 256 });
export const Description = Type.String({ maxLength: 2048 });
const Email = Type.String({ maxLength: 320 });
const Permission = Type.String({ minLength: 3, maxLength: 300 });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
};

export const Paginated = <T extends Type.TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), total_count: Type.Integer(), page_count: Type.Integer() });

export const Timestamps = {
  created_at: Type.String({ format: "date-time" }),
  updated_at: Type.String({ format: "date-time" }),
};

export const ScopeIds = {
  organization_id: Type.String(),
  project_id: Type.String(),
  environment_id: Type.String(),
};

// ---- scope -----------------------------------------------------------------------------------

export const ApiKeyScope = Type.Object(ScopeIds);
export const FactsParams = Type.Object({ proj_id: PathKey, env_id: PathKey });

// ---- resources ---------------------------------------------------------------------------------

const ActionBlock = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  attributes: Type.Optional(Attributes),
});
const AttributeType = Type.Union(
  ["bool", "number", "string", "time", "array", "json", "object", "object_array"].map((t) => Type.Literal(t)),
);
const AttributeBlock = Type.Object({ type: AttributeType, description: Type.Optional(Description) });

export const ResourceCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  urn: Type.Optional(Type.String({ maxLength: 512 })),
  description: Type.Optional(Description),
  actions: Type.Record(MapKey, ActionBlock, { additionalProperties: false }),
  attributes: Type.Optional(Type.Record(MapKey, AttributeBlock, { additionalProperties: false })),
  roles: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  relations: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export const ResourceReplace = Type.Omit(ResourceCreate, ["key"]);
export const ResourceUpdate = Type.Partial(ResourceReplace);

export const ResourceActionCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  description: Type.Optional(Description),
  attributes: Type.Optional(Attributes),
});
export const ResourceActionUpdate = Type.Partial(Type.Omit(ResourceActionCreate, ["key"]));
export const ResourceAttributeCreate = Type.Object({
  key: SchemaKey,
  type: AttributeType,
  description: Type.Optional(Description),
});
export const ResourceAttributeUpdate = Type.Partial(Type.Omit(ResourceAttributeCreate, ["key"]));

/** An action as it appears inside a resource's `actions` map. */
export const ActionRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  attributes: Type.Optional(Attributes),
});
export const ResourceActionRead = Type.Object({
  ...ActionRead.properties,
  permission_name: Type.String(),
  resource_id: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});
/** An attribute as it appears inside a resource's `attributes` map. */
export const AttributeRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  type: Type.String(),
  description: Type.Optional(Type.String()),
});
export const ResourceAttributeRead = Type.Object({
  ...AttributeRead.properties,
  resource_id: Type.String(),
  resource_key: Type.String(),
  built_in: Type.Boolean(),
  ...ScopeIds,
  ...Timestamps,
});
export const ResourceRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  urn: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  actions: Type.Record(Type.String(), ActionRead),
  attributes: Type.Record(Type.String(), AttributeRead),
  roles: Type.Record(Type.String(), Type.Unknown()),
  relations: Type.Record(Type.String(), Type.Unknown()),
  action_groups: Type.Record(Type.String(), Type.Unknown()),
  ...ScopeIds,
  ...Timestamps,
});

// ---- roles -----------------------------------------------------------------------------------

export const RoleCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  description: Type.Optional(Description),
  permissions: Type.Optional(Type.Array(Permission, { maxItems: 10_000 })),
  extends: Type.Optional(Type.Array(SchemaKey, { maxItems: 1000 })),
  attributes: Type.Optional(Attributes),
  granted_to: Type.Optional(Type.Unknown()),
});
export const RoleUpdate = Type.Partial(Type.Omit(RoleCreate, ["key"]));
export const PermissionList = Type.Object({ permissions: Type.Array(Permission, { maxItems: 10_000 }) });
export const RoleRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  permissions: Type.Array(Type.String()),
  extends: Type.Array(Type.String()),
  attributes: Attributes,
  granted_to: Type.Optional(Type.Unknown()),
  ...ScopeIds,
  ...Timestamps,
});

// ---- tenants ---------------------------------------------------------------------------------

export const TenantCreate = Type.Object({
  key: SchemaKey,
  name: Name,
  description: Type.Optional(Description),
  attributes: Type.Optional(Attributes),
});
export const TenantUpdate = Type.Partial(Type.Omit(TenantCreate, ["key"]));
export const TenantRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  attributes: Attributes,
  last_action_at: Type.String(),
  ...ScopeIds,
  ...Timestamps,
});
const SearchText = Type.String({ maxLength: 256 });
/**
 * `GET .../tenants`: a bare array, or `{data, total_count, page_count}` with `include_total_count`
 * (Permit marks the flag deprecated but still honours it).
 */
export const TenantListQuery = Type.Object({
  ...PageQuery,
  /** Text in the tenant's key or name. */
  search: Type.Optional(SearchText),
  include_total_count: Type.Optional(Type.Boolean()),
});

// ---- users -----------------------------------------------------------------------------------

const InitialRole = Type.Object({
  role: SchemaKey,
  tenant: Type.Optional(SchemaKey),
  resource_instance: Type.Optional(Type.String({ maxLength: 300 })),
});
const UserFields = {
  email: Type.Optional(Email),
  first_name: Type.Optional(Type.String({ maxLength: 256 })),
  last_name: Type.Optional(Type.String({ maxLength: 256 })),
  attributes: Type.Optional(Attributes),
};
export const UserCreate = Type.Object({
  key: UserKey,
  ...UserFields,
  role_assignments: Type.Optional(Type.Array(InitialRole, { maxItems: 1000 })),
});
/** The Node SDK sends `key` in the PUT body too; the Python SDK omits it. Both are accepted. */
export const UserReplace = Type.Object({
  key: Type.Optional(UserKey),
  ...UserFields,
  role_assignments: Type.Optional(Type.Array(InitialRole, { maxItems: 1000 })),
});
export const UserUpdate = Type.Object(UserFields);
export const UserRead = Type.Object({
  id: Type.String(),
  key: Type.String(),
  email: Type.Optional(Type.String()),
  first_name: Type.Optional(Type.String()),
  last_name: Type.Optional(Type.String()),
  attributes: Attributes,
  roles: Type.Array(Type.Object({ role: Type.String(), tenant: Type.String() })),
  associated_tenants: Type.Array(
    Type.Object({
      tenant: Type.String(),
      roles: Type.Array(Type.String()),
      status: Type.String(),
      /** With `include_resource_instance_roles`: the user's resource roles on the tenant's instances. */
      resource_instance_roles: Type.Optional(
        Type.Array(
          Type.Object({
            /** The instance's key (without its type). */
            resource_instance: Type.String(),
            /** The instance's resource type. */
            resource: Type.String(),
            role: Type.String(),
          }),
        ),
      ),
    }),
  ),
  ...ScopeIds,
  ...Timestamps,
});
/** Permit's `SearchOperator`: where the search text must sit in the key, email or names. */
export const SearchOperator = Type.Union([
  Type.Literal("contains"),
  Type.Literal("startswith"),
  Type.Literal("endswith"),
]);
/** `GET .../tenants/{t}/users`: a page, a search text, a role. */
export const TenantUserListQuery = Type.Object({
  ...PageQuery,
  search: Type.Optional(SearchText),
  role: Type.Optional(Type.String({ maxLength: 256 })),
  /** Add each associated tenant's `resource_instance_roles`. */
  include_resource_instance_roles: Type.Optional(Type.Boolean()),
});
/**
 * `GET .../users`: also `search_operator` (default `contains`), and `role=` (empty) for the users
 * holding no role at all.
 */
export const UserListQuery = Type.Object({
  ...TenantUserListQuery.properties,
  search_operator: Type.Optional(SearchOperator),
});
export const BulkUsers = Type.Object({ operations: Type.Array(UserCreate, { minItems: 1, maxItems: 1000 }) });
export const BulkUserDelete = Type.Object({ idents: Type.Array(UserKey, { minItems: 1, maxItems: 1000 }) });

// ---- role assignments --------------------------------------------------------------------------

export const RoleAssignmentCreate = Type.Object({
  user: UserKey,
  role: SchemaKey,
  tenant: Type.Optional(SchemaKey),
  resource_instance: Type.Optional(Type.String({ maxLength: 300 })),
});
export const RoleAssignmentList = Type.Array(RoleAssignmentCreate, { maxItems: 1000 });
export const RoleAssignmentRead = Type.Object({
  id: Type.String(),
  user: Type.String(),
  role: Type.String(),
  tenant: Type.String(),
  /** `type:key`, for a resource role held on an instance. */
  resource_instance: Type.Optional(Type.String()),
  user_id: Type.String(),
  role_id: Type.String(),
  tenant_id: Type.String(),
  ...ScopeIds,
  created_at: Type.String({ format: "date-time" }),
});
export const RoleAssignmentDetailedRead = Type.Object({
  id: Type.String(),
  user: Type.Object({
    id: Type.String(),
    key: Type.String(),
    email: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    attributes: Attributes,
  }),
  role: Type.Object({
    id: Type.String(),
    key: Type.String(),
    name: Type.String(),
    permissions: Type.Array(Type.String()),
  }),
  tenant: Type.Object({ id: Type.String(), key: Type.String(), name: Type.String(), attributes: Attributes }),
  ...ScopeIds,
  created_at: Type.String({ format: "date-time" }),
});

// ---- PDP ---------------------------------------------------------------------------------------

/** The SDK sends camelCase names unchanged; the PDP schema uses snake_case. Both are accepted. */
export const PdpUser = Type.Union([
  UserKey,
  Type.Object({
    key: UserKey,
    email: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    attributes: Type.Optional(Attributes),
  }),
]);
export const PdpResource = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 256 }),
  key: Type.Optional(Type.String({ maxLength: 256 })),
  tenant: Type.Optional(Type.String({ maxLength: 256 })),
  attributes: Type.Optional(Attributes),
  context: Type.Optional(Attributes),
});
export const CheckRequest = Type.Object({
  user: PdpUser,
  action: Type.String({ minLength: 1, maxLength: 256 }),
  resource: PdpResource,
  context: Type.Optional(Attributes),
  sdk: Type.Optional(Type.String()),
});
export const CheckResponse = Type.Object({
  allow: Type.Boolean(),
  result: Type.Boolean(),
  debug: Type.Optional(
    Type.Object({
      reason: Type.String(),
      tenant: Type.String(),
      granted_by: Type.Optional(Type.String()),
      /** `rbac` is implied when absent; `rebac` or `abac` name the fine-grained grant. */
      via: Type.Optional(Type.String()),
      /** A ReBAC path (`derived: folder:f1 → parent → document:d1`), an ABAC rule, or what a deny lacked. */
      path: Type.Optional(Type.String()),
    }),
  ),
});
export const BulkCheckRequest = Type.Array(CheckRequest, { maxItems: 1000 });
export const UserPermissionsRequest = Type.Object({
  user: PdpUser,
  tenants: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
  resources: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 1000 })),
  resource_types: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
  // SDK 2.1–2.2 sent these singular names.
  resource: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 1000 })),
  resource_type: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
  context: Type.Optional(Attributes),
});
export const AuthorizedUsersRequest = Type.Object({
  action: Type.String({ minLength: 1, maxLength: 256 }),
  resource: PdpResource,
  context: Type.Optional(Attributes),
  sdk: Type.Optional(Type.String()),
});

// ---- errors ------------------------------------------------------------------------------------

export const ErrorBody = Type.Object({
  id: Type.String(),
  error_code: Type.String(),
  title: Type.String(),
  message: Type.String(),
  support_link: Type.Optional(Type.String()),
  detail: Type.Optional(Type.Unknown()),
});
