// The one SSE reader lives in @tollgate/contracts (shared with the SPAs, tests and benches); the
// library re-exports it so its users need not know where it lives.
export { type FollowOptions, followEventStream, type Subscription } from "@tollgate/contracts";
