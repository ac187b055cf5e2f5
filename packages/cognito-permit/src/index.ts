export { type CognitoClaims, groupsOf, type PermitUserProfile, profileOf } from "./claims.ts";
export { DEFAULT_DECISION_TIMEOUT_MS, type Decision, decide } from "./decision.ts";
export { followEventStream } from "./event-stream.ts";
export { type ExpressLikeRequest, type ExpressLikeResponse, expressGuards } from "./express.ts";
export { fastifyGuards } from "./fastify.ts";
export {
  createOwnedInstance,
  deleteInstance,
  instanceKey,
  type OwnedInstance,
  type PermittedObjects,
  permittedObjects,
  type Share,
  share,
  unshare,
  whoHasAccess,
} from "./fine-grained.ts";
export {
  type GroupRoleMapping,
  grantsForGroups,
  managedGrants,
  type RoleGrant,
  reconcile,
} from "./group-roles.ts";
export {
  authorize,
  bearerOf,
  type GuardOptions,
  type GuardOutcome,
  type GuardTiming,
  type ResourceSpec,
  serverTiming,
} from "./guard.ts";
export { type PolicyChange, pollUserPermissions, type Subscription, subscribeToChanges } from "./live.ts";
export { describeChange, followObjectChanges, type ObjectChange } from "./object-changes.ts";
export { followPoolEvents, type PoolEventsOptions, type PoolUserEvent } from "./pool-events.ts";
export {
  createUserRemover,
  type RemovalStep,
  UserRemovalError,
  type UserRemoverOptions,
} from "./remove-user.ts";
export {
  DEFAULT_RECHECK_INTERVAL_MS,
  revocationCheck,
  type SessionCheck,
  type SessionState,
  sessionRecheck,
} from "./session-check.ts";
export { SessionRevocations } from "./session-revocations.ts";
export {
  createUserSync,
  type SyncResult,
  UserRemovedError,
  type UserSync,
  type UserSyncOptions,
} from "./sync.ts";
export { memoryTombstones, type Tombstones } from "./tombstones.ts";
export { claimsFromTrigger, syncTriggers, type TriggerEvent } from "./triggers.ts";
export { createVerifier, type TokenVerifier, type VerifierOptions } from "./verifier.ts";
