import { fail } from "./errors.ts";
import type { PoolSettings, SchemaAttribute, UserRecord } from "./model.ts";

/** OIDC standard attributes every pool has, plus Cognito's system ones. */
const STANDARD: [name: string, type: SchemaAttribute["AttributeDataType"]][] = [
  ["sub", "String"],
  ["name", "String"],
  ["given_name", "String"],
  ["family_name", "String"],
  ["middle_name", "String"],
  ["nickname", "String"],
  ["preferred_username", "String"],
  ["profile", "String"],
  ["picture", "String"],
  ["website", "String"],
  ["email", "String"],
  ["email_verified", "Boolean"],
  ["gender", "String"],
  ["birthdate", "String"],
  ["zoneinfo", "String"],
  ["locale", "String"],
  ["phone_number", "String"],
  ["phone_number_verified", "Boolean"],
  ["address", "String"],
  ["updated_at", "Number"],
];

/** Standard attribute names (without `sub`, which nobody may write). */
export const STANDARD_ATTRIBUTES = new Set(STANDARD.map(([n]) => n).filter((n) => n !== "sub"));

/** Attributes the `email`, `phone` and `profile` scopes release at /oauth2/userInfo. */
export const SCOPE_ATTRIBUTES: Record<string, string[]> = {
  email: ["email", "email_verified"],
  phone: ["phone_number", "phone_number_verified"],
};

/**
 * The SchemaAttributes DescribeUserPool reports: Cognito's standard list, with `Required` taken from the
 * pool's Schema, followed by the pool's custom attributes.
 */
export function buildSchemaAttributes(requested: SchemaAttribute[] | undefined): SchemaAttribute[] {
  const byName = new Map((requested ?? []).map((a) => [a.Name, a]));
  const standard = STANDARD.map(([Name, AttributeDataType]): SchemaAttribute => {
    const base: SchemaAttribute = {
      Name,
      AttributeDataType,
      DeveloperOnlyAttribute: false,
      Mutable: Name !== "sub",
      Required: Name === "sub" || byName.get(Name)?.Required === true,
    };
    if (AttributeDataType === "String")
      base.StringAttributeConstraints = { MinLength: Name === "sub" ? "1" : "0", MaxLength: "2048" };
    if (AttributeDataType === "Number") base.NumberAttributeConstraints = { MinValue: "0" };
    return base;
  });
  const custom = (requested ?? [])
    .filter((a) => !STANDARD_ATTRIBUTES.has(a.Name) && a.Name !== "sub")
    .map((a): SchemaAttribute => {
      const name = a.Name.startsWith("custom:") ? a.Name : `custom:${a.Name}`;
      if (!/^custom:[\w.-]{1,20}$/.test(name))
        fail("InvalidParameterException", `Invalid custom attribute name ${a.Name}`);
      return {
        Name: name,
        AttributeDataType: a.AttributeDataType ?? "String",
        DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
        Mutable: a.Mutable ?? true,
        Required: false,
        ...(a.StringAttributeConstraints ? { StringAttributeConstraints: a.StringAttributeConstraints } : {}),
        ...(a.NumberAttributeConstraints ? { NumberAttributeConstraints: a.NumberAttributeConstraints } : {}),
      };
    });
  return [...standard, ...custom];
}

/** AWS's `[{Name, Value}]` list, as a record. Later duplicates win, as they would in Cognito. */
export function attributeListToRecord(list: unknown, field = "UserAttributes"): Record<string, string> {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) fail("InvalidParameterException", `${field} must be a list`);
  const out: Record<string, string> = {};
  for (const item of list) {
    const { Name, Value } = (item ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== "string" || Name === "")
      fail(
        "InvalidParameterException",
        `1 validation error detected: Value null at '${field}.member.name' failed to satisfy constraint: Member must not be null`,
      );
    out[Name] =
      typeof Value === "string" ? Value : Value === undefined || Value === null ? "" : String(Value);
  }
  return out;
}

/**
 * Rejects attributes the pool's schema does not know, and values over Cognito's 2048-character limit.
 * `sub` and `cognito:*` are system-managed and can never be written.
 */
export function validateAttributeWrite(pool: PoolSettings, attributes: Record<string, string>): void {
  const known = new Set(pool.SchemaAttributes.map((a) => a.Name));
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "sub" || name.startsWith("cognito:"))
      fail(
        "InvalidParameterException",
        `Attributes did not conform to the schema: ${name}: Attribute cannot be updated.`,
      );
    if (!known.has(name))
      fail(
        "InvalidParameterException",
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
      );
    if (value.length > 2048)
      fail(
        "InvalidParameterException",
        `Attributes did not conform to the schema: ${name}: String must be no longer than 2048 characters`,
      );
    if (name === "email" && value !== "" && !/^[^\s@]+@[^\s@]+$/.test(value))
      fail("InvalidParameterException", "Invalid email address format.");
    if (name === "phone_number" && value !== "" && !/^\+\d{4,15}$/.test(value))
      fail("InvalidParameterException", "Invalid phone number format.");
  }
}

/** Rejects a sign-up missing an attribute the pool's schema marks as required. */
export function validateRequiredAttributes(pool: PoolSettings, attributes: Record<string, string>): void {
  for (const attr of pool.SchemaAttributes) {
    if (attr.Required && attr.Name !== "sub" && !attributes[attr.Name])
      fail(
        "InvalidParameterException",
        `Attributes did not conform to the schema: ${attr.Name}: The attribute is required`,
      );
  }
}

/** The wire list `[{Name, Value}]` with `sub` first, as Cognito returns it. */
export function userAttributeList(user: UserRecord, only?: string[]): { Name: string; Value: string }[] {
  const all = [
    { Name: "sub", Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
  return only === undefined || only.length === 0 ? all : all.filter((a) => only.includes(a.Name));
}

/** Trigger events carry attributes as a flat string map including `sub` and `cognito:user_status`. */
export function triggerUserAttributes(user: UserRecord): Record<string, string> {
  return { sub: user.sub, ...user.attributes, "cognito:user_status": user.status };
}

/** Masks a delivery destination the way Cognito does (`a***@e***`). */
export function maskDestination(value: string): string {
  const at = value.indexOf("@");
  if (at > 0) return `${value[0]}***@${value[at + 1] ?? ""}***`;
  return `+*******${value.slice(-4)}`;
}

/** Cognito's cap on custom attributes per pool. */
const MAX_CUSTOM_ATTRIBUTES = 50;

/**
 * AddCustomAttributes: appends `custom:<Name>` attributes to a pool's schema. They cannot be required,
 * renamed or removed, as in Cognito.
 */
export function addCustomAttributes(existing: SchemaAttribute[], added: unknown): SchemaAttribute[] {
  if (!Array.isArray(added) || added.length === 0)
    fail("InvalidParameterException", "CustomAttributes must be a non-empty list.");
  const next = [...existing];
  for (const raw of added as SchemaAttribute[]) {
    if (raw === null || typeof raw !== "object" || typeof raw.Name !== "string" || raw.Name === "")
      fail("InvalidParameterException", "Each custom attribute needs a Name.");
    if (raw.Required === true)
      fail("InvalidParameterException", "Required custom attributes are not supported currently.");
    const [built] = buildSchemaAttributes([{ ...raw, Name: raw.Name.replace(/^custom:/, "") }]).filter((a) =>
      a.Name.startsWith("custom:"),
    );
    if (built === undefined) fail("InvalidParameterException", `Invalid custom attribute name ${raw.Name}`);
    if (next.some((a) => a.Name === built.Name))
      fail("InvalidParameterException", `Existing attribute already has name ${built.Name}.`);
    next.push(built);
  }
  if (next.filter((a) => a.Name.startsWith("custom:")).length > MAX_CUSTOM_ATTRIBUTES)
    fail("LimitExceededException", `A pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  return next;
}
