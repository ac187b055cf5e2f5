// What tests and benches share, so that none reaches into another package's src/ or test/.
export { applyTutorialPolicy, startTestAuthz, TEST_API_KEY, type TestAuthz } from "./authz.ts";
export {
  ARTIFACTS,
  browserSkip,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
} from "./browser.ts";
export { type OpenedStream, openLiveStream } from "./live-stream.ts";
export { createTestDatabase, PG_ADMIN_URL, PG_SKIP_REASON, pgAvailable } from "./postgres.ts";
export { POLICY_FILE, startTestStack, type TestStack } from "./stack.ts";
export { until } from "./until.ts";
