// Imported first by every command-line tool: when its output is piped into a reader that
// stops early (`npm run ask -- … | head`), end quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
