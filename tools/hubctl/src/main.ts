/**
 * hubctl: the auditor's and operator's command line. It reads a copy of the log (a database, a dump, the Kafka
 * topics) and trusts nothing the services say about themselves.
 */
import { EXIT, UsageError, type CommandIo, type ExitCode } from './command';
import { COMMANDS } from './commands';

const io: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  return ['usage: hubctl <command> [options]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'hubctl help <command> shows its options.'].join('\n');
}

export async function main(argv: string[]): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const listed = COMMANDS.find((c) => c.name === args[0]);
    io.out(listed ? (await listed.load()).usage : help());
    return EXIT.ok;
  }
  const listed = COMMANDS.find((c) => c.name === name);
  if (!listed) {
    io.err(`hubctl: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  const command = await listed.load();
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`hubctl ${name}: ${err.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.err(`hubctl ${name}: ${(err as Error).message}`);
    return EXIT.unavailable;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`hubctl: ${String(err)}\n`);
      process.exitCode = EXIT.unavailable;
    },
  );
}
