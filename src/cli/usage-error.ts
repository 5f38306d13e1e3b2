// A mistake in how helmdeck was invoked: reported as one line and a non-zero exit.
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
