/** A credential and the environment-variable reference shown in its place (curl lines stay runnable). */
export interface Secret {
  value: string;
  placeholder: string;
}

export function redact(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const { value, placeholder } of secrets) if (value) out = out.replaceAll(value, placeholder);
  return out;
}

export function redactHeaders(headers: Headers, secrets: readonly Secret[]): Record<string, string> {
  const out: Record<string, string> = {};
  // Headers iterates with lower-case names, which is what the model asks for.
  for (const [name, value] of headers) out[name] = redact(value, secrets);
  return out;
}
