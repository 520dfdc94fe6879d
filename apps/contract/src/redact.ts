/**
 * The app's use of the client's one redaction function (`redactSecrets`, one
 * policy for short values): a credential becomes the environment variable
 * shown in its place (`$CLOUDFLARE_API_TOKEN`), so curl lines stay runnable.
 */
import { redactSecrets, type Secret } from "@impersonation-registry/client";

export { redactSecrets as redact };

export function redactHeaders(headers: Headers, secrets: readonly Secret[]): Record<string, string> {
  const out: Record<string, string> = {};
  // Headers iterates with lower-case names, which is what the model asks for.
  for (const [name, value] of headers) out[name] = redactSecrets(value, secrets);
  return out;
}

const SECRET_VARIABLES = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY"] as const;

/**
 * Defence in depth: curl lines already render credentials as variables, but a
 * server could echo a token into a body that lands in a finding. Every report
 * file passes through here: the values of the credential variables are
 * replaced by their names.
 */
export function redactEnvironmentSecrets(text: string, env: NodeJS.ProcessEnv): string {
  return redactSecrets(
    text,
    SECRET_VARIABLES.map((name) => ({ value: env[name] ?? "", placeholder: `$${name}` })),
  );
}
