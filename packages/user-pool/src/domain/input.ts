import { fail } from "./errors.ts";

/**
 * Readers for AWS-shaped request members. Failures use the wording of AWS's constraint errors
 * ("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: …").
 */
export type Input = Record<string, unknown>;

function memberPath(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function missing(name: string): never {
  fail(
    "InvalidParameterException",
    `1 validation error detected: Value null at '${memberPath(name)}' failed to satisfy constraint: Member must not be null`,
  );
}

function wrongType(name: string, type: string): never {
  fail("InvalidParameterException", `Invalid value for ${name}: expected ${type}`);
}

export function requiredString(input: Input, name: string): string {
  const v = input[name];
  if (v === undefined || v === null || v === "") missing(name);
  if (typeof v !== "string") wrongType(name, "string");
  return v;
}

export function optionalString(input: Input, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") wrongType(name, "string");
  return v;
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") wrongType(name, "boolean");
  return v;
}

export function optionalNumber(input: Input, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) wrongType(name, "number");
  return v;
}

export function optionalStringList(input: Input, name: string): string[] | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) wrongType(name, "list of strings");
  return v as string[];
}

export function optionalObject(input: Input, name: string): Input | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) wrongType(name, "structure");
  return v as Input;
}

/** ClientMetadata and similar string maps. */
export function optionalStringMap(input: Input, name: string): Record<string, string> | undefined {
  const v = optionalObject(input, name);
  if (v === undefined) return undefined;
  if (Object.values(v).some((x) => typeof x !== "string")) wrongType(name, "map of strings");
  return v as Record<string, string>;
}

/**
 * Offset pagination behind an opaque token. The token is base64 so callers treat it as opaque,
 * as they must with AWS's.
 */
export function paginate<T>(
  items: T[],
  limit: number | undefined,
  token: string | undefined,
  max = 60,
): { page: T[]; next: string | undefined } {
  let offset = 0;
  if (token !== undefined) {
    const decoded = Number(Buffer.from(token, "base64url").toString("utf8"));
    if (!Number.isInteger(decoded) || decoded < 0)
      fail("InvalidParameterException", "Invalid pagination token");
    offset = decoded;
  }
  if (limit !== undefined && (limit < 0 || limit > max))
    fail(
      "InvalidParameterException",
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  const size = limit === undefined || limit === 0 ? max : limit;
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  return { page, next: end < items.length ? Buffer.from(String(end)).toString("base64url") : undefined };
}
