// The wire schemas live in @tollgate/contracts, where the console derives its types from them; the
// routes validate, filter and document with the very same objects.
export * from "@tollgate/contracts/authz";
