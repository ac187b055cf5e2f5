/**
 * authz's Permit-compatible API: the TypeBox schemas the service validates requests with, filters
 * responses through and documents in /openapi.json, and the console types its calls with
 * (`Static<typeof RoleRead>`, as a type-only import, so nothing of them reaches the bundle).
 * A subpath of its own: its names (`User`, `Paginated`…) are authz's, not the tasks app's.
 */
export * from "./authz-api.ts";
export * from "./authz-model-api.ts";
