/**
 * ABAC: condition sets and the set rules that grant `resource:action` from a userset to a
 * resourceset. Sets are compiled (with their ancestors folded in) whenever a set changes; rules
 * are indexed by resource type and action, so a check only evaluates the rules for its permission.
 */
import { type Condition, compileConditions } from "./conditions.ts";
import type { ConditionSetDef, SetRuleDef } from "./model.ts";
import { parsePermission } from "./permission.ts";

/** The prefix of the sets Permit generates for every role (userset) and resource type (resourceset). */
export const AUTOGEN_PREFIX = "__autogen_";

export interface CompiledRule {
  key: string;
  def: SetRuleDef;
  /** `eng → report:read → eng_reports`, the text an allow names. */
  label: string;
  user: Condition;
  resource: Condition;
  /** The resourceset's bound type: a rule only ever matches resources of that type. */
  resourceType: string;
}

/** A rule's identity: one per (userset, permission, resourceset). */
export function setRuleKey(rule: SetRuleDef): string {
  return `${rule.user_set}|${rule.permission}|${rule.resource_set}`;
}

export class AbacIndex {
  private readonly sets = new Map<string, ConditionSetDef>();
  private readonly own = new Map<string, Condition>();
  private readonly rules = new Map<string, SetRuleDef>();
  /** type → action → rules. */
  private byPermission = new Map<string, Map<string, CompiledRule[]>>();
  private ruleCount = 0;

  /** Adds or replaces a set; throws `ConditionError` (and changes nothing) on bad conditions. */
  upsertSet(def: ConditionSetDef): void {
    const condition = compileConditions(def.conditions);
    this.sets.set(def.key, def);
    this.own.set(def.key, condition);
    this.compile();
  }

  /** Removes a set and every rule that names it. */
  removeSet(key: string): boolean {
    if (!this.sets.delete(key)) return false;
    this.own.delete(key);
    for (const [ruleKey, rule] of this.rules)
      if (rule.user_set === key || rule.resource_set === key) this.rules.delete(ruleKey);
    this.compile();
    return true;
  }

  getSet(key: string): ConditionSetDef | undefined {
    return this.sets.get(key);
  }

  /** Would giving `key` this parent make a cycle of parents? */
  parentCycle(key: string, parent: string | undefined): boolean {
    for (let at = parent, steps = 0; at !== undefined; at = this.sets.get(at)?.parent, steps++) {
      if (at === key || steps > this.sets.size) return true;
    }
    return false;
  }

  addRule(rule: SetRuleDef): boolean {
    const key = setRuleKey(rule);
    if (this.rules.has(key)) return false;
    this.rules.set(key, rule);
    this.compile();
    return true;
  }

  removeRule(rule: SetRuleDef): boolean {
    if (!this.rules.delete(setRuleKey(rule))) return false;
    this.compile();
    return true;
  }

  /** Replaces every rule at once (a reload from storage), compiling once. */
  replaceRules(rules: readonly SetRuleDef[]): void {
    this.rules.clear();
    for (const r of rules) this.rules.set(setRuleKey(r), r);
    this.compile();
  }

  setKeys(): string[] {
    return [...this.sets.keys()];
  }

  get size(): { sets: number; rules: number } {
    return { sets: this.sets.size, rules: this.ruleCount };
  }

  /** The rules that could grant `type:action`; `undefined` when there are none (the common case). */
  rulesFor(type: string, action: string): CompiledRule[] | undefined {
    return this.byPermission.get(type)?.get(action);
  }

  hasRulesFor(type: string): boolean {
    // Most policies have no set rules: then no string lookup at all.
    return this.byPermission.size > 0 && this.byPermission.has(type);
  }

  /**
   * A set's condition with its ancestors' folded in; for `__autogen_<role>` (userset) the role's
   * membership in the request tenant, for `__autogen_<type>` (resourceset) any resource of the type.
   */
  private resolve(
    key: string,
    kind: "userset" | "resourceset",
  ): { condition: Condition; type?: string } | undefined {
    const def = this.sets.get(key);
    if (def === undefined) {
      if (!key.startsWith(AUTOGEN_PREFIX)) return undefined;
      const name = key.slice(AUTOGEN_PREFIX.length);
      if (kind === "resourceset") return { condition: () => true, type: name };
      return { condition: (ctx) => ctx.hasRole(name) };
    }
    if (def.type !== kind) return undefined;
    const chain: Condition[] = [];
    for (let at: ConditionSetDef | undefined = def, steps = 0; at && steps <= this.sets.size; steps++) {
      const c = this.own.get(at.key);
      if (c) chain.push(c);
      at = at.parent === undefined ? undefined : this.sets.get(at.parent);
    }
    const condition: Condition = chain.length === 1 ? chain[0]! : (ctx) => chain.every((c) => c(ctx));
    return def.resource === undefined ? { condition } : { condition, type: def.resource };
  }

  private compile(): void {
    const byPermission = new Map<string, Map<string, CompiledRule[]>>();
    let count = 0;
    for (const [key, rule] of this.rules) {
      const permission = parsePermission(rule.permission);
      const user = this.resolve(rule.user_set, "userset");
      const resource = this.resolve(rule.resource_set, "resourceset");
      if (permission === undefined || user === undefined || resource === undefined) continue;
      if (resource.type !== undefined && resource.type !== permission.resource) continue;
      let byAction = byPermission.get(permission.resource);
      if (byAction === undefined) {
        byAction = new Map();
        byPermission.set(permission.resource, byAction);
      }
      const compiled: CompiledRule = {
        key,
        def: rule,
        label: `${rule.user_set} → ${rule.permission} → ${rule.resource_set}`,
        user: user.condition,
        resource: resource.condition,
        resourceType: permission.resource,
      };
      const list = byAction.get(permission.action);
      if (list) list.push(compiled);
      else byAction.set(permission.action, [compiled]);
      count++;
    }
    this.byPermission = byPermission;
    this.ruleCount = count;
  }
}
