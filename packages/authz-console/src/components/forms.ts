/** Permit's key rule for resources, actions, attributes, roles and tenants. */
export const KEY_PATTERN = "[A-Za-z0-9_\\-]+";
export const KEY_HINT = "Letters, digits, “-” and “_”; it can't be changed later.";

/** "create, get  delete" → ["create", "get", "delete"] */
export function keyList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** A key suggested by a name: "Task List" → "task_list". */
export function keyFromName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 128);
}
