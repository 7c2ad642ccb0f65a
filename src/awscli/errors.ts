/** What the command line prints and returns when it stops early: the AWS CLI v2's exit codes. */
export const EXIT = {
  OK: 0,
  /** Usage and parameter errors. */
  USAGE: 252,
  /** Configuration: no region, no credentials, no pager. */
  CONFIG: 253,
  /** The service answered with an error. */
  SERVICE: 254,
  /** Anything else: connection failures, bad profile, bad endpoint. */
  OTHER: 255,
  INTERRUPTED: 130,
} as const;

/**
 * An error the CLI reports and exits on. By default it is written as `"\n" + message + "\n"` to stderr
 * (the AWS CLI's generic layout); `raw` errors (usage errors) are written exactly as given.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly raw = false,
  ) {
    super(message);
  }
}

const USAGE_HEAD = `usage: cognate [options] <command> <subcommand> [<subcommand> ...] [parameters]
To see help text, you can run:

  cognate help
  cognate <command> help
  cognate <command> <subcommand> help
`;

/** An argparse error in the AWS CLI v2's layout, with `cognate` for `aws`. */
export function usageError(message: string): CliError {
  return new CliError(`\n${USAGE_HEAD}\ncognate: error: ${message}\n\n`, EXIT.USAGE, true);
}

/** Tokens no option claimed. */
export function unknownOptions(tokens: string[]): CliError {
  return new CliError(`\n${USAGE_HEAD}\nUnknown options: ${tokens.join(', ')}\n\n`, EXIT.USAGE, true);
}

/** `Error parsing parameter '--x': ...` */
export function paramError(cliName: string, message: string): CliError {
  return new CliError(`Error parsing parameter '${cliName}': ${message}`, EXIT.USAGE);
}
