// The CLI tests' subprocess runner lives in the testkit, which other packages' tests share.
export { runCli } from "@tollgate/testkit/cli";
