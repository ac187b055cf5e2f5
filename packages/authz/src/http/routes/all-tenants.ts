import type { CheckInput } from "@tollgate/policy";
import { Type } from "typebox";
import type { AuthzCore } from "../../service/context.ts";
import { type ApiKeyRing, bearerToken } from "../auth.ts";
import { sendError } from "../errors.ts";
import type { Api } from "../plumbing.ts";
import { CheckRequest } from "../schemas.ts";

/**
 * `POST /allowed/all-tenants`. SDK 2.7.x sends this without an Authorization header and with the
 * axios config as the body: `{headers: {Authorization}, params: {user, action, resource, context}}`
 * with user and resource as raw strings or objects. We accept that shape (taking the key from the
 * body's headers) as well as the PDP's own `/allowed` body, and answer in both spellings the SDK
 * (`allowedTenants`) and the PDP (`allowed_tenants`) use.
 */
const SdkBody = Type.Object({
  headers: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 4096 }))),
  params: Type.Object({
    user: Type.Union([
      Type.String({ minLength: 1, maxLength: 256 }),
      Type.Object({ key: Type.String({ minLength: 1 }) }),
    ]),
    action: Type.String({ minLength: 1, maxLength: 256 }),
    resource: Type.Union([
      Type.String({ minLength: 1, maxLength: 512 }),
      Type.Object({ type: Type.String({ minLength: 1 }), key: Type.Optional(Type.String()) }),
    ]),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

function parseResource(
  resource: string | { type: string; key?: string | undefined },
): CheckInput["resource"] {
  if (typeof resource !== "string") return { type: resource.type, key: resource.key };
  const [type, key] = resource.split(":", 2);
  return { type: type!, key: key || undefined };
}

export function allTenantsRoute(api: Api, core: AuthzCore, keys: ApiKeyRing): void {
  api.post(
    "/allowed/all-tenants",
    { schema: { tags: ["decisions"], body: Type.Union([CheckRequest, SdkBody]) } },
    async (req, reply) => {
      const body = req.body;
      const sdkShape = "params" in body;
      const token =
        bearerToken(req.headers.authorization) ??
        (sdkShape ? bearerToken(body.headers?.Authorization ?? body.headers?.authorization) : undefined);
      if (token === undefined)
        return sendError(reply, 401, "missing API key: send 'Authorization: Bearer <api key>'");
      if (!keys.verify(token)) return sendError(reply, 403, "the API key is not valid for this environment");

      const raw = sdkShape ? body.params : body;
      const user = typeof raw.user === "string" ? raw.user : raw.user.key;
      const resource = parseResource(raw.resource);
      const allowed = core.engine
        .checkAllTenants({ user, action: raw.action, resource: { type: resource.type, key: resource.key } })
        .map(({ tenant, decision }) => ({
          allow: true,
          result: true,
          debug: { reason: decision.reason, granted_by: decision.grantedBy },
          tenant: { key: tenant.key, attributes: tenant.attributes ?? {} },
        }));
      return { allowed_tenants: allowed, allowedTenants: allowed };
    },
  );
}
