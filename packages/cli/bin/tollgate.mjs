#!/usr/bin/env node
// The `tollgate` command. Tollgate's packages are TypeScript run through tsx, so register it first.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
await main(process.argv);
