/**
 * A usage, configuration or infrastructure problem: the CLI prints its message
 * on one line and exits 2. Anything else that escapes is a bug, and is still
 * printed on one line (never a stack trace) with the same exit code.
 */
export class RunnerError extends Error {
  override name = "RunnerError";
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The innermost cause's message ("connect ECONNREFUSED 127.0.0.1:1") says more than "fetch failed". */
export function describeError(error: unknown): string {
  let current = error;
  while ((current as { cause?: unknown })?.cause instanceof Error)
    current = (current as { cause: unknown }).cause;
  if (current instanceof Error) return current.message || current.name;
  return String(error);
}

/** One line, whatever the error: newlines folded, no stack. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, " | ");
}
