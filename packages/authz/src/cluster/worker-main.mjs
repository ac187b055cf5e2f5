// A cluster worker's entry point: the authorization service alone, not the whole `tollgate` CLI,
// so a worker starts in half the time. Its configuration comes in the environment the primary
// passes (which includes what the command's flags set).
import { register } from "tsx/esm/api";

register();
const { startAuthzFromEnv } = await import("../server.ts");
await startAuthzFromEnv(process.env);
