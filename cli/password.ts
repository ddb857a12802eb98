import { UsageError } from './usage';

/** Passwords shorter than this are refused: each one guards a session that can write records. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * A new password from stdin: typed twice without echo at a terminal, or read from a pipe
 * (`printf '%s\n' "$PASSWORD" | npm run users -- create ...`), one line, the newline dropped.
 */
export async function readNewPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  let password: string;
  if (stdin.isTTY) {
    password = await readHidden(stdin, 'Password: ');
    if ((await readHidden(stdin, 'Repeat it: ')) !== password) throw new UsageError('The two passwords differ');
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (/[\r\n]/.test(password)) throw new UsageError('The password must be one line of stdin');
  }
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return password;
}

/** One line typed at the terminal in raw mode, so that nothing is echoed. */
function readHidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new UsageError('Interrupted'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
