/**
 * The tasks app's user groups, in the pool and as Permit roles of the same names. Kept apart from the
 * TypeBox schemas so the SPA can use them without bundling TypeBox.
 */
export const GROUPS = ["admin", "editor", "viewer"] as const;
export type Group = (typeof GROUPS)[number];
