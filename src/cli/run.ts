// Entry point used by bin/linernotes: the real process streams and exit code.
import { exitQuietlyOnBrokenPipe, ignoreBrokenPipe } from './epipe.js';
import { main } from './main.js';

exitQuietlyOnBrokenPipe(process.stdout, (code) => process.exit(code));
ignoreBrokenPipe(process.stderr);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // A getter: touching process.stdin opens it, and only `review` should.
  get stdin() {
    return process.stdin;
  },
});
process.exitCode = code;
