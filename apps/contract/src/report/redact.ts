/**
 * Defence in depth: curl lines already render credentials as variables, but a
 * server could echo a token into a body that lands in a finding. Every report
 * file passes through here, replacing the values of the credential variables.
 */
const SECRET_VARIABLES = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY"] as const;

/** Shorter values would replace innocent text (a test token of "x" would eat every x). */
const MIN_SECRET_LENGTH = 8;

export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let redacted = text;
  for (const name of SECRET_VARIABLES) {
    const secret = env[name];
    if (secret && secret.length >= MIN_SECRET_LENGTH) redacted = redacted.replaceAll(secret, `$${name}`);
  }
  return redacted;
}
