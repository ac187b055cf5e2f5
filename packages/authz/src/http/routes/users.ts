import { type Static, Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/users.ts";
import { instanceAssignmentsOfUsers } from "../../storage/instance-assignments.ts";
import type { Page, UserRecord } from "../../storage/records.ts";
import { assignmentsOfUsers } from "../../storage/role-assignments.ts";
import { type Api, committed, pageOf } from "../plumbing.ts";
import { userRead } from "../read-models.ts";
import {
  BulkUserDelete,
  BulkUsers,
  FactsParams,
  Paginated,
  PathKey,
  type SearchOperator,
  type TenantUserListQuery,
  UserCreate,
  UserKey,
  UserListQuery,
  UserRead,
  UserReplace,
  UserUpdate,
} from "../schemas.ts";

const UserParams = Type.Object({ ...FactsParams.properties, user_id: PathKey });
/** PUT creates the user its path names, so the path must be a valid user key (or an id). */
const SyncParams = Type.Object({ ...FactsParams.properties, user_id: UserKey });
const tags = ["users"];

/** Read models for a page of users, with their role assignments fetched in two queries. */
export async function usersRead(core: AuthzCore, records: UserRecord[], withInstanceRoles = false) {
  const keys = records.map((u) => u.key);
  const [tenantRoles, instanceRoles] = await Promise.all([
    assignmentsOfUsers(core.store.db, keys),
    instanceAssignmentsOfUsers(core.store.db, keys),
  ]);
  return records.map((u) =>
    userRead(
      core.scope,
      u,
      {
        tenant: tenantRoles.filter((a) => a.user === u.key),
        instance: instanceRoles.filter((a) => a.user === u.key),
      },
      withInstanceRoles,
    ),
  );
}

/**
 * A user list's query, for storage. Permit documents `role=` (empty) as "users without any roles"
 * on the environment's list only; the tenant's list ignores an empty role. [uncertain]
 */
export function userListQuery(
  q: Static<typeof TenantUserListQuery> & { search_operator?: Static<typeof SearchOperator> | undefined },
  emptyRoleMeansNone: boolean,
) {
  return {
    ...pageOf(q),
    search: q.search,
    match: q.search_operator,
    role: q.role || undefined,
    withoutRoles: emptyRoleMeansNone && q.role === "",
  };
}

/** A page of user records in their wire shape, with their role assignments. */
export async function userPageRead(core: AuthzCore, page: Page<UserRecord>, withInstanceRoles = false) {
  return { ...page, data: await usersRead(core, page.data, withInstanceRoles) };
}

async function oneUserRead(core: AuthzCore, record: UserRecord) {
  return (await usersRead(core, [record]))[0]!;
}

/** Users: `/v2/facts/{p}/{e}/users` and the bulk endpoints. */
export function userRoutes(api: Api, core: AuthzCore): void {
  api.get(
    "/users",
    {
      schema: {
        tags,
        params: FactsParams,
        querystring: UserListQuery,
        response: { 200: Paginated(UserRead) },
      },
    },
    async (req) => {
      const page = await svc.listUsers(core, userListQuery(req.query, true));
      return userPageRead(core, page, req.query.include_resource_instance_roles);
    },
  );
  api.post(
    "/users",
    { schema: { tags, params: FactsParams, body: UserCreate, response: { 201: UserRead } } },
    async (req, reply) => {
      const user = committed(reply, await svc.createUser(core, req.body));
      reply.code(201);
      return oneUserRead(core, user);
    },
  );
  api.get(
    "/users/:user_id",
    { schema: { tags, params: UserParams, response: { 200: UserRead } } },
    async (req) => oneUserRead(core, await svc.getUser(core, req.params.user_id)),
  );
  api.put(
    "/users/:user_id",
    { schema: { tags, params: SyncParams, body: UserReplace, response: { 200: UserRead, 201: UserRead } } },
    async (req, reply) => {
      const { key: _key, ...input } = req.body;
      const { user, created } = committed(reply, await svc.syncUser(core, req.params.user_id, input));
      // The SDK derives `created` from the status: 201 created, 200 updated.
      reply.code(created ? 201 : 200);
      return oneUserRead(core, user);
    },
  );
  api.patch(
    "/users/:user_id",
    { schema: { tags, params: UserParams, body: UserUpdate, response: { 200: UserRead } } },
    async (req, reply) =>
      oneUserRead(core, committed(reply, await svc.updateUser(core, req.params.user_id, req.body))),
  );
  api.delete("/users/:user_id", { schema: { tags, params: UserParams } }, async (req, reply) => {
    committed(reply, await svc.deleteUser(core, req.params.user_id));
    return reply.code(204).send();
  });

  api.post("/bulk/users", { schema: { tags, params: FactsParams, body: BulkUsers } }, async (req, reply) =>
    committed(reply, await svc.bulkCreateUsers(core, req.body.operations)),
  );
  api.put("/bulk/users", { schema: { tags, params: FactsParams, body: BulkUsers } }, async (req, reply) =>
    committed(reply, await svc.bulkReplaceUsers(core, req.body.operations)),
  );
  api.delete(
    "/bulk/users",
    { schema: { tags, params: FactsParams, body: BulkUserDelete } },
    async (req, reply) => committed(reply, await svc.bulkDeleteUsers(core, req.body.idents)),
  );
}
