import { type Static, Type } from "typebox";
import { GROUPS } from "./groups.ts";
import { TASKS_API_ERROR_CODES, type TasksApiErrorCode } from "./tasks-errors.ts";

/**
 * The tasks app's JSON API (`/api/...`): what the server validates and sends (its response schemas
 * also filter out any field not listed here) and what the SPA types its calls with.
 */

export const ApiErrorBody = Type.Object({
  // An enum of strings rather than a union of literals: documented and typed the same, and the
  // serializer writes the string as it is instead of matching it against one schema per code.
  error: Type.Unsafe<TasksApiErrorCode>({ type: "string", enum: [...TASKS_API_ERROR_CODES] }),
  message: Type.String(),
});
export type ApiErrorBody = Static<typeof ApiErrorBody>;

/** The error answers every route may give, for the response schemas. */
export const ErrorResponses = { "4xx": ApiErrorBody, "5xx": ApiErrorBody } as const;

// Tasks

const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** The `:id` of a task or a project. */
export const TaskId = Type.Object({ id: Type.String({ pattern: UUID }) });
/** 1 to 200 characters with at least one that is not a space; stored trimmed. */
export const TaskTitle = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });

export const Task = Type.Object({
  id: Type.String(),
  title: Type.String(),
  done: Type.Boolean(),
  created_by: Type.String(),
  created_by_name: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
  /** The project it is filed in (its members see it, its maintainers edit it), if any. */
  project_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Visible only to users with high clearance (the policy's `confidential_tasks` rule). */
  confidential: Type.Optional(Type.Boolean()),
  /** In lists: what this user may do with this task (`get`, `update`, `check`, `delete`, `share`). */
  allowed: Type.Optional(Type.Array(Type.String())),
});
export type Task = Static<typeof Task>;

export const TaskList = Type.Object({ tasks: Type.Array(Task) });
export type TaskList = Static<typeof TaskList>;

export const NewTask = Type.Object({ title: TaskTitle }, { additionalProperties: false });
export type NewTask = Static<typeof NewTask>;
export const TaskRename = NewTask;
export type TaskRename = NewTask;
export const TaskCheck = Type.Object({ done: Type.Boolean() }, { additionalProperties: false });
export type TaskCheck = Static<typeof TaskCheck>;

/** `PUT /api/tasks/:id/project`: file the task into a project, or take it out with `null`. */
export const TaskProjectChange = Type.Object(
  { project: Type.Union([Type.String({ pattern: UUID }), Type.Null()]) },
  { additionalProperties: false },
);
export type TaskProjectChange = Static<typeof TaskProjectChange>;
/** `PUT /api/tasks/:id/confidential`. */
export const TaskConfidentialChange = Type.Object(
  { confidential: Type.Boolean() },
  { additionalProperties: false },
);
export type TaskConfidentialChange = Static<typeof TaskConfidentialChange>;

// Sharing (roles on one task or project)

/** A user's key in the authorization service: no spaces, and none of the `|`/`:` it uses as separators. */
const Sub = Type.String({ minLength: 1, maxLength: 128, pattern: "^[^\\s|:]+$" });
/** Who to share with: a sub, a username or an e-mail address, resolved by the user pool. */
const UserRef = Type.String({ minLength: 1, maxLength: 254, pattern: "^\\S+$" });

export const ShareParams = Type.Object({ id: Type.String({ pattern: UUID }), sub: Sub });
export type ShareParams = Static<typeof ShareParams>;

/** One person's role on a task (its owner, or someone it was shared with) or on a project. */
export const TaskShare = Type.Object({
  sub: Type.String(),
  role: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
});
export type TaskShare = Static<typeof TaskShare>;

export const TaskShareList = Type.Object({ shares: Type.Array(TaskShare) });
export type TaskShareList = Static<typeof TaskShareList>;

export const NewShare = Type.Object(
  { user: UserRef, role: Type.Union([Type.Literal("editor"), Type.Literal("viewer")]) },
  { additionalProperties: false },
);
export type NewShare = Static<typeof NewShare>;

// Projects

export const ProjectName = Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" });

export const Project = Type.Object({
  id: Type.String(),
  name: Type.String(),
  created_by: Type.String(),
  created_at: Type.String(),
  /** In lists: what this user may do with the project (`get`, `manage`, `create`). */
  allowed: Type.Optional(Type.Array(Type.String())),
});
export type Project = Static<typeof Project>;

export const ProjectList = Type.Object({ projects: Type.Array(Project) });
export type ProjectList = Static<typeof ProjectList>;

export const NewProject = Type.Object({ name: ProjectName }, { additionalProperties: false });
export type NewProject = Static<typeof NewProject>;

export const ProjectMemberList = Type.Object({ members: Type.Array(TaskShare) });
export type ProjectMemberList = Static<typeof ProjectMemberList>;

export const NewMember = Type.Object(
  { user: UserRef, role: Type.Union([Type.Literal("member"), Type.Literal("maintainer")]) },
  { additionalProperties: false },
);
export type NewMember = Static<typeof NewMember>;

// Users

export const GroupSchema = Type.Union(GROUPS.map((g) => Type.Literal(g)));

export const Username = Type.Object({ username: Type.String({ minLength: 1, maxLength: 128 }) });

export const PoolUser = Type.Object({
  username: Type.String(),
  sub: Type.String(),
  email: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  status: Type.String(),
  groups: Type.Array(Type.String()),
});
export type PoolUser = Static<typeof PoolUser>;

export const UserList = Type.Object({ users: Type.Array(PoolUser) });
export type UserList = Static<typeof UserList>;

export const Invitation = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, pattern: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$" }),
    name: Type.Optional(Type.String({ maxLength: 128 })),
    group: GroupSchema,
  },
  { additionalProperties: false },
);
export type Invitation = Static<typeof Invitation>;

export const InviteResult = Type.Object({
  user: Type.Object({
    username: Type.String(),
    sub: Type.String(),
    email: Type.String(),
    name: Type.String(),
    groups: Type.Array(Type.String()),
  }),
  /** Shown once to the admin; the invited user must replace it at first sign-in. */
  temporaryPassword: Type.String(),
});
export type InviteResult = Static<typeof InviteResult>;

export const GroupChange = Type.Object({ group: GroupSchema }, { additionalProperties: false });
export type GroupChange = Static<typeof GroupChange>;
export const GroupChanged = Type.Object({
  username: Type.String(),
  sub: Type.String(),
  groups: Type.Array(Type.String()),
});
export type GroupChanged = Static<typeof GroupChanged>;

// Clearance (a user attribute the authorization service holds)

export const CLEARANCES = ["standard", "high"] as const;
export const ClearanceSchema = Type.Union(CLEARANCES.map((c) => Type.Literal(c)));
export type Clearance = (typeof CLEARANCES)[number];

/** `GET /api/clearances`: each user's clearance by sub (users without one are left out). */
export const ClearanceList = Type.Object({ clearances: Type.Record(Type.String(), Type.String()) });
export type ClearanceList = Static<typeof ClearanceList>;

export const ClearanceChange = Type.Object({ clearance: ClearanceSchema }, { additionalProperties: false });
export type ClearanceChange = Static<typeof ClearanceChange>;
export const ClearanceChanged = Type.Object({
  username: Type.String(),
  sub: Type.String(),
  clearance: ClearanceSchema,
});
export type ClearanceChanged = Static<typeof ClearanceChanged>;

// The session

/** `GET /api/config`: what the SPA needs to start the OIDC code flow with PKCE. */
export const PublicConfig = Type.Object({
  /** The OIDC issuer; discovery is at `${authority}/.well-known/openid-configuration`. */
  authority: Type.String(),
  clientId: Type.String(),
  /** Hosted sign-in base URL; its `/logout` ends the hosted session. */
  domainUrl: Type.String(),
  redirectUri: Type.String(),
  logoutUri: Type.String(),
  live: Type.Union([Type.Literal("stream"), Type.Literal("poll")]),
});
export type PublicConfig = Static<typeof PublicConfig>;

/** `POST /api/sync`: the user as the pool has them now, and the roles the PDP gives them. */
export const SyncResult = Type.Object({
  user: Type.Object({
    sub: Type.String(),
    email: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    groups: Type.Array(Type.String()),
  }),
  sync: Type.Union([Type.Literal("created"), Type.Literal("updated"), Type.Literal("skipped")]),
  roles: Type.Array(Type.String()),
});
export type SyncResult = Static<typeof SyncResult>;

/** `GET /api/me/permissions`. */
export const MyPermissions = Type.Object({
  sub: Type.String(),
  /** `resource:action` strings, e.g. `task:create`. */
  permissions: Type.Array(Type.String()),
  roles: Type.Array(Type.String()),
});
export type MyPermissions = Static<typeof MyPermissions>;
