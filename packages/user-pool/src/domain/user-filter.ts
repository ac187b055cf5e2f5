import { fail } from "./errors.ts";
import type { UserRecord } from "./model.ts";

/** A parsed ListUsers filter: `<attribute> = "value"` (exact) or `^= "value"` (prefix). */
export interface UserFilter {
  attribute: string;
  operator: "=" | "^=";
  value: string;
}

const SEARCHABLE = new Set([
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
]);

/**
 * Parses ListUsers' Filter syntax; an empty filter means "all users".
 *
 * @example
 * parseUserFilter('email ^= "ali"'); // { attribute: "email", operator: "^=", value: "ali" }
 */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) fail("InvalidParameterException", "Error while parsing filter.");
  const [, attribute, operator, raw] = match as unknown as [string, string, "=" | "^=", string];
  if (!SEARCHABLE.has(attribute)) fail("InvalidParameterException", `Invalid search attribute: ${attribute}`);
  return { attribute, operator, value: raw.replace(/\\(.)/g, "$1") };
}

/** Applies a parsed filter to a user. `cognito:user_status` compares case-insensitively, as Cognito does. */
export function matchesUserFilter(user: UserRecord, filter: UserFilter | undefined): boolean {
  if (filter === undefined) return true;
  let actual: string | undefined;
  let expected = filter.value;
  switch (filter.attribute) {
    case "username":
      actual = user.username;
      break;
    case "sub":
      actual = user.sub;
      break;
    case "status":
      actual = user.enabled ? "Enabled" : "Disabled";
      break;
    case "cognito:user_status":
      actual = user.status.toLowerCase();
      expected = expected.toLowerCase();
      break;
    default:
      actual = user.attributes[filter.attribute];
  }
  if (actual === undefined) return false;
  return filter.operator === "=" ? actual === expected : actual.startsWith(expected);
}
