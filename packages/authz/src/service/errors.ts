/**
 * The service's error vocabulary. Each code has one HTTP status and one Permit `error_code`; the
 * transport renders them in exactly one place (http/errors.ts). Messages are safe to show callers.
 */
export type AuthzErrorCode =
  | "NOT_FOUND"
  | "DUPLICATE_ENTITY"
  | "INVALID_OPERATION"
  | "VALIDATION_ERROR"
  | "TIMEOUT";

export class AuthzError extends Error {
  constructor(
    readonly code: AuthzErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AuthzError";
  }
}

export function notFound(entity: string, key: string): AuthzError {
  return new AuthzError("NOT_FOUND", `could not find '${entity}' with the given key or id: '${key}'`);
}

export function duplicate(entity: string, key: string): AuthzError {
  return new AuthzError("DUPLICATE_ENTITY", `a ${entity} with the key '${key}' already exists`);
}

export function invalidOperation(message: string): AuthzError {
  return new AuthzError("INVALID_OPERATION", message);
}

export function validationError(message: string): AuthzError {
  return new AuthzError("VALIDATION_ERROR", message);
}
