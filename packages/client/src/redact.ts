/** A value that must never be shown, and what to show instead (`[redacted]`, `$CLOUDFLARE_API_TOKEN`…). */
export interface Secret {
  value: string;
  placeholder: string;
}

/**
 * Values shorter than this are never replaced. Real credentials are long (API tokens 40
 * characters, Global API keys 37); a short value is a test placeholder such as "t", and
 * replacing it would mangle every message that contains the letter.
 */
const MIN_SECRET_LENGTH = 8;

/**
 * `text` with every occurrence of each secret's value replaced by its placeholder. Longer values
 * go first, so a secret that contains another is replaced whole rather than leaving its ends
 * visible around the shorter one's placeholder.
 */
export function redactSecrets(text: string, secrets: readonly Secret[]): string {
  let out = text;
  const longestFirst = secrets
    .filter((secret) => secret.value.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.value.length - a.value.length);
  for (const { value, placeholder } of longestFirst) out = out.replaceAll(value, placeholder);
  return out;
}
