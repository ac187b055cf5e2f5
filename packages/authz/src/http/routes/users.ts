import { type Static, Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import * as svc from "../../service/users.ts";
import type { Page, UserRecord } from "../../storage/records.ts";
import { assignmentsOfUsers } from "../../storage/role-assignments.ts";
import { type Api, committed, pageOf } from "../plumbing.ts";
import { userRead } from "../read-models.ts";
import {
  BulkUserDelete,
  BulkUsers,
  FactsParams,
  PageQuery,
  Paginated,
  PathKey,
  UserCreate,
  UserKey,
  UserRead,
  UserReplace,
  UserUpdate,
} from "../schemas.ts";

const UserParams = Type.Object({ ...FactsParams.properties, user_id: PathKey });
/** PUT creates the user its path names, so the path must be a valid user key (or an id). */
const SyncParams = Type.Object({ ...FactsParams.properties, user_id: UserKey });
const tags = ["users"];

/** Read models for a page of users, with their roles fetched in one query. */
export async function usersRead(core: AuthzCore, records: UserRecord[]) {
  const assignments = await assignmentsOfUsers(
    core.store.db,
    records.map((u) => u.key),
  );
  return records.map((u) =>
    userRead(
      core.scope,
      u,
      assignments.filter((a) => a.user === u.key),
    ),
  );
}

/** The query of a user list (all users, or a tenant's): a page, a search text, a role. */
export const UserListQuery = Type.Object({
  ...PageQuery,
  search: Type.Optional(Type.String({ maxLength: 256 })),
  role: Type.Optional(Type.String({ maxLength: 256 })),
});

export function userListQuery(q: Static<typeof UserListQuery>) {
  return { ...pageOf(q), search: q.search, role: q.role };
}

/** A page of user records in their wire shape, with their role assignments. */
export async function userPageRead(core: AuthzCore, page: Page<UserRecord>) {
  return { ...page, data: await usersRead(core, page.data) };
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
      return userPageRead(core, await svc.listUsers(core, userListQuery(req.query)));
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
