// The fine-grained model's wire schemas live in @tollgate/contracts (see ./schemas.ts).
export * from "@tollgate/contracts/authz";
