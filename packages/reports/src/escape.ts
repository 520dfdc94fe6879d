/** Escapes text for HTML and XML alike (element content and quoted attributes). */
export function escapeMarkup(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Markdown outside a table and code that must not turn into markup: headlines and messages carry server values. */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*<>[\]|]/g, "\\$&").replace(/\s*\n\s*/g, " ");
}
