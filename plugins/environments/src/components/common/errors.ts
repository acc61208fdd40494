/** The server's reason for a failed call (`ResponseError` keeps it in its body), else the message. */
export function errorMessage(error: unknown): string {
  const body = (error as { body?: { error?: { message?: unknown } } })?.body;
  if (typeof body?.error?.message === 'string') {
    return body.error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
