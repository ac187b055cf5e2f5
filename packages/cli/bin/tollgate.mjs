#!/usr/bin/env node
// The `tollgate` command. Tollgate's packages are TypeScript run through tsx, so register it first.
import { register } from "tsx/esm/api";

// The AWS SDK warns that its releases after January 2027 need Node 22; the version pinned in our
// lockfile supports Node 20, so the warning only adds noise to every start-up.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
const { main } = await import("../src/main.ts");
await main(process.argv);
