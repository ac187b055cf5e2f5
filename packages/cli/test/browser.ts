// Moved to @tollgate/testkit; kept for the user pool's browser tests until they import it directly.
export * from "@tollgate/testkit/browser";
