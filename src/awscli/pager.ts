/** The v2 output pager: AWS_PAGER > cli_pager > PAGER > less, only when stdout is a terminal. */
import { spawn } from 'node:child_process';
import { CliError, EXIT } from './errors.js';

/** Python's shlex.split (POSIX mode), enough for pager commands. */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) throw new Error('No closing quotation');
      cur += s.slice(i + 1, j);
      i = j;
      has = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && (s[j + 1] === '"' || s[j + 1] === '\\')) j++;
        cur += s[j];
      }
      if (j >= s.length) throw new Error('No closing quotation');
      i = j;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** Pipes `text` through the pager command; a pager that cannot start is a configuration error (253). */
export function runPager(command: string, text: string, env: NodeJS.ProcessEnv): Promise<void> {
  const argv = shlexSplit(command);
  const childEnv = { ...env };
  if (childEnv.LESS === undefined) childEnv.LESS = 'FRX';
  return new Promise((resolve, reject) => {
    const fail = (_e: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          `Unable to redirect output to pager. Received the following error when opening pager:\n[Errno 2] No such file or directory: '${argv[0] ?? command}'\n\nLearn more about configuring the output pager by running "aws help config-vars".`,
          EXIT.CONFIG,
        ),
      );
    let child;
    try {
      child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'inherit', 'inherit'], env: childEnv });
    } catch (e) {
      fail(e as NodeJS.ErrnoException);
      return;
    }
    child.once('error', fail);
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
    child.once('close', () => resolve());
  });
}
