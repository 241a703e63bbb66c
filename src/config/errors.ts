/**
 * A configuration value is wrong. The message is one line that names the
 * variable and says what is expected; it never contains the value itself,
 * because the value may be a secret.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The environment variable (or option) at fault. */
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

/**
 * Runs `main`; a {@link ConfigError} (or any error thrown while configuring)
 * becomes one line on stderr and exit code 1 instead of a stack trace.
 */
export async function runOrExit(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
