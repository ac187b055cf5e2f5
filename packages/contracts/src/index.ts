export { GROUPS, type Group } from "./groups.ts";
export {
  LIVE_EVENTS,
  type LiveEventName,
  type LiveTopic,
  POLICY_CHANGE_KINDS,
  type PolicyChangeEvent,
  type PolicyChangeKind,
} from "./live-events.ts";
export {
  type EventSourceMessage,
  type FollowOptions,
  followEventStream,
  type StreamStatus,
  type Subscription,
} from "./sse.ts";
export * from "./tasks-api.ts";
export { isTasksApiErrorCode, TASKS_API_ERROR_CODES, type TasksApiErrorCode } from "./tasks-errors.ts";
