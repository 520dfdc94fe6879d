/**
 * Defence in depth: curl lines already render credentials as variables, but a
 * server could echo a token into a body that lands in a finding. Every report
 * file passes through here: the values of the credential variables are
 * replaced by their names, with the client's one redaction function.
 */
import { redactSecrets as redact } from "@impersonation-registry/client";

const SECRET_VARIABLES = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY"] as const;

export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  return redact(
    text,
    SECRET_VARIABLES.map((name) => ({ value: env[name] ?? "", placeholder: `$${name}` })),
  );
}
