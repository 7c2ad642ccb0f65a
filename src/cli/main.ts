import { runServe } from './serve.js';
import { runMessages } from './messages.js';

/** The `cognate` command: `serve`, `messages`, and (soon) the AWS-CLI-compatible `cognito-idp`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'messages':
      return runMessages(rest);
    case '--version':
    case 'version':
      process.stdout.write(`cognate/${VERSION} Node.js/${process.versions.node} ${process.platform}/${process.arch}\n`);
      return 0;
    default:
      process.stderr.write(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 252;
  }
}

export const VERSION = '0.1.0';

const USAGE = `usage: cognate <command> [options]

commands:
  serve       run the user-pool service (AWS JSON 1.1 on POST /)
  messages    list the SMS and email messages the service "sent" (its outbox)
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
