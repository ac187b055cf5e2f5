import { isIP } from "node:net";

/**
 * Typed environment parsing, shared by every service and the CLI. Each reader takes the environment
 * (never `process.env` implicitly, so a caller can test or combine environments), returns the fallback
 * for an unset or empty variable, and otherwise either a value of the right type or a `ConfigError`
 * whose message starts with the variable's name and quotes what it got.
 */

/** The environment a service's `loadConfig(env)` reads; `process.env` is one. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable with a bad or missing value. `variable` names it; the message says what is expected. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function invalid(name: string, expected: string, value: string): ConfigError {
  return new ConfigError(name, `${name} must be ${expected}, got '${value}'`);
}

/** A variable that must be set; `hint` says what it is, e.g. "the app client id". */
export function envRequired(env: Env, name: string, hint: string): string {
  const value = raw(env, name);
  if (value === undefined) throw new ConfigError(name, `${name} is not set: ${hint}`);
  return value;
}

/** A free-form string (a key, a name), or the fallback. */
export function envString(env: Env, name: string): string | undefined;
export function envString(env: Env, name: string, fallback: string): string;
export function envString(env: Env, name: string, fallback?: string): string | undefined {
  return raw(env, name) ?? fallback;
}

/** A whole number within `min`..`max` (inclusive), or the fallback. */
export function envInteger(
  env: Env,
  name: string,
  range: { min: number; max: number; unit?: string },
): number | undefined;
export function envInteger(
  env: Env,
  name: string,
  range: { min: number; max: number; unit?: string },
  fallback: number,
): number;
export function envInteger(
  env: Env,
  name: string,
  range: { min: number; max: number; unit?: string },
  fallback?: number,
): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  // Number("") and Number(" 1") are lenient; a config value is digits only.
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max)
    throw invalid(name, `${range.unit ?? "a whole number"} from ${range.min} to ${range.max}`, value);
  return n;
}

/** A TCP port, 0 to 65535 (0: any free port). */
export function envPort(env: Env, name: string, fallback: number): number {
  return envInteger(env, name, { min: 0, max: 65535, unit: "a port number" }, fallback);
}

/**
 * An address to bind: a host name or an IPv4/IPv6 address, no scheme, port or path (the usual
 * mistake is `APP_HOST=http://0.0.0.0:3000`).
 */
export function envHost(env: Env, name: string, fallback: string): string {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const isName = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*$/.test(value);
  if (isIP(value) === 0 && !isName)
    throw invalid(name, "a host name or IP address (no scheme, port or path)", value);
  return value;
}

/**
 * An absolute URL with one of `protocols` (default http and https), returned exactly as given (an
 * issuer must match byte for byte; callers that append paths trim slashes themselves).
 */
export function envUrl(
  env: Env,
  name: string,
  options?: { protocols?: readonly string[] },
): string | undefined;
export function envUrl(
  env: Env,
  name: string,
  options: { protocols?: readonly string[] } | undefined,
  fallback: string,
): string;
export function envUrl(
  env: Env,
  name: string,
  options: { protocols?: readonly string[] } = {},
  fallback?: string,
): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const protocols = options.protocols ?? ["http", "https"];
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !protocols.includes(url.protocol.slice(0, -1)))
    throw invalid(name, `a ${protocols.map((p) => `${p}://`).join(" or ")} URL`, value);
  return value;
}

/** One of `values`, or the fallback. */
export function envEnum<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T;
export function envEnum<T extends string>(env: Env, name: string, values: readonly T[]): T | undefined;
export function envEnum<T extends string>(
  env: Env,
  name: string,
  values: readonly T[],
  fallback?: T,
): T | undefined {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(values as readonly string[]).includes(value))
    throw invalid(name, `one of ${values.join(", ")}`, value);
  return value as T;
}

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

/** A switch: 1/true/yes/on or 0/false/no/off (any case), or the fallback. */
export function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.trim().toLowerCase();
  if (TRUE.includes(lower)) return true;
  if (FALSE.includes(lower)) return false;
  throw invalid(name, "true or false (also 1/0, yes/no, on/off)", value);
}
