/**
 * Attributes as a condition sees them during one check, in Permit's precedence: attributes passed
 * in the check > stored ones > generated ones (`user.roles`, `user.tenants`, `resource.type`).
 * Nothing is merged up front: each lookup reads the layers in order, so a check allocates nothing
 * for attributes it does not use.
 */
import type { ConditionContext } from "./conditions.ts";
import type { CheckInput, TenantDef } from "./model.ts";
import type { Instance, RebacIndex } from "./rebac.ts";

/** What a condition may read about the stored user (the engine answers from its own layout). */
export interface CheckUser {
  readonly attributes: Record<string, unknown> | undefined;
  /** Role keys held in the tenant, in assignment order. */
  rolesIn(tenant: string): string[];
  hasRoleIn(tenant: string, role: string): boolean;
  /** Tenants the user holds roles in. */
  tenants(): string[];
  /** A tenant role there, or a resource role on an instance there. */
  isMemberOf(tenant: string): boolean;
}

function own(obj: Record<string, unknown> | undefined, key: string): unknown {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export class CheckContext implements ConditionContext {
  constructor(
    private readonly input: CheckInput,
    private readonly userRecord: CheckUser | undefined,
    private readonly tenantKey: string,
    private readonly tenantDef: TenantDef | undefined,
    private readonly instance: Instance | undefined,
    private readonly rebac: RebacIndex,
  ) {}

  user(attr: string): unknown {
    const jit = own(this.input.userAttributes, attr);
    if (jit !== undefined) return jit;
    const stored = own(this.userRecord?.attributes, attr);
    if (stored !== undefined) return stored;
    if (attr === "key") return this.input.user;
    if (attr === "roles") return this.userRecord?.rolesIn(this.tenantKey) ?? [];
    if (attr === "tenants") return this.userRecord?.tenants() ?? [];
    return undefined;
  }

  hasRole(role: string): boolean {
    const explicit = own(this.input.userAttributes, "roles") ?? own(this.userRecord?.attributes, "roles");
    if (explicit !== undefined) return Array.isArray(explicit) && explicit.includes(role);
    return this.userRecord?.hasRoleIn(this.tenantKey, role) === true;
  }

  resource(attr: string): unknown {
    const jit = own(this.input.resource.attributes, attr);
    if (jit !== undefined) return jit;
    const stored = own(this.instance?.attributes, attr);
    if (stored !== undefined) return stored;
    if (attr === "type") return this.input.resource.type;
    if (attr === "key") return this.input.resource.key;
    if (attr === "tenant") return this.tenantKey;
    return undefined;
  }

  /** Stored tenant attributes count only for a member of the tenant, as in Permit's data. */
  tenant(attr: string): unknown {
    if (attr === "key") return this.tenantKey;
    if (!this.isMember()) return undefined;
    return own(this.tenantDef?.attributes, attr);
  }

  context(attr: string): unknown {
    return own(this.input.context, attr);
  }

  instanceAttributes(type: string, key: string): Record<string, unknown> | undefined {
    const inst = this.rebac.getInstance(type, key);
    return inst === undefined ? undefined : (inst.attributes ?? {});
  }

  private isMember(): boolean {
    return this.userRecord?.isMemberOf(this.tenantKey) === true;
  }
}
