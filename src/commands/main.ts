/**
 * The `cognate` command: `serve`, `messages`, and the AWS-CLI-compatible `cognito-idp` (which, like the
 * AWS CLI, also takes global options before the service name). Only the code a command needs is loaded.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return (await import('./serve.js')).runServe(rest);
    case 'messages':
      return (await import('./messages.js')).runMessages(rest);
    case 'version':
      process.stdout.write(`cognate/${VERSION} Node.js/${process.versions.node} ${process.platform}/${process.arch}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      process.stderr.write(USAGE);
      return 0;
    default: {
      if (command === '--version' && rest.length === 0) {
        process.stdout.write(`cognate/${VERSION} Node.js/${process.versions.node} ${process.platform}/${process.arch}\n`);
        return 0;
      }
      if (command === 'cognito-idp' || command.startsWith('-')) {
        // as the AWS CLI: Ctrl-C ends the command with 130 and a newline on stdout
        process.on('SIGINT', () => {
          process.stdout.write('\n');
          process.exit(130);
        });
        // a closed pipe (`cognate … | head -1`) ends the command quietly, never with a stack trace
        process.stdout.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        });
        const { runAws } = await import('../awscli/aws.js');
        return runAws(argv, { env: process.env, stdout: process.stdout, stderr: process.stderr });
      }
      process.stderr.write(USAGE);
      return 252;
    }
  }
}

/** cognate's version, as `cognate --version` prints it. */
export const VERSION = '0.1.0';

const USAGE = `usage: cognate <command> [options]

commands:
  serve       run the user-pool service (AWS JSON 1.1 on POST /)
  messages    list the SMS and email messages the service "sent" (its outbox)
  cognito-idp the AWS-CLI-compatible command line: cognate cognito-idp <operation> [options]
  --version   print the version
`;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`cognate: ${(e as Error).message}\n`);
    process.exitCode = 255;
  },
);
