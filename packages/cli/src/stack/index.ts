// `@tollgate/cli/stack`: the local stack as `tollgate dev` starts it, for the testkit and benches.
export { DEMO_PASSWORD, DEMO_USERS, LOCAL_CLIENT_ID, LOCAL_POOL_ID, localSeed } from "./local-seed.ts";
export { type LocalStack, type LocalStackOptions, stackEnvironment, startLocalStack } from "./local-stack.ts";
export { CONSOLE_WEB, ensureBuilt, TASKS_WEB } from "./vite-build.ts";
