/**
 * A server's message as a sentence for people: capitalised, ending in a full stop, and never empty
 * (both apps put it after "Could not …:").
 */
export function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return "Something went wrong.";
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
