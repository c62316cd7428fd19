import readline from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { setupRequest } from '../../contracts/accounts.contracts.ts';
import { AppError } from '../../core/errors.ts';
import { type Config, ConfigError, loadConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { DataDirLockedError } from '../../server/db/lock.ts';
import { getSetupStatus, setupFirstOrganisation } from '../../server/features/accounts/accounts.service.ts';
import { createConsoleLogger } from '../../server/lib/console-logger.ts';
import { openConfiguredDatabase } from '../../server/main.ts';

export interface InitOptions {
  org: string;
  adminEmail: string;
  adminName?: string;
}

/** Where init talks to a person; tests swap these. */
interface InitIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

class InitError extends Error {}

/** Read a line without echoing it (the password). */
function promptHidden(io: InitIo, question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: io.stdin, output, terminal: true });
  io.stderr.write(question);
  muted = true;
  return new Promise((resolve, reject) => {
    rl.on('SIGINT', () => {
      rl.close();
      io.stderr.write('\n');
      reject(new InitError('cancelled'));
    });
    rl.question('', (answer) => {
      muted = false;
      rl.close();
      io.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function adminPassword(io: InitIo): Promise<string> {
  const fromEnv = io.env.TRELLIS_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!io.stdin.isTTY) {
    throw new InitError(
      'no admin password: set TRELLIS_ADMIN_PASSWORD, or run `trellis init` in a terminal to type it',
    );
  }
  for (;;) {
    const first = await promptHidden(io, 'Password for the admin (at least 10 characters): ');
    const parsed = setupRequest.shape.password.safeParse(first);
    if (!parsed.success) {
      io.stderr.write(`The password ${parsed.error.issues[0]!.message}.\n`);
      continue;
    }
    if ((await promptHidden(io, 'Type it again: ')) === first) return first;
    io.stderr.write('The two passwords differ; try again.\n');
  }
}

function validate(options: InitOptions, password: string) {
  const parsed = setupRequest.safeParse({
    organisationName: options.org,
    adminName: options.adminName ?? options.adminEmail.split('@')[0] ?? '',
    email: options.adminEmail,
    password,
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = {
    organisationName: '--org',
    adminName: '--admin-name',
    email: '--admin-email',
    password: 'the password',
  }[String(issue.path[0])];
  throw new InitError(`${flag ?? String(issue.path[0])}: ${issue.message}`);
}

/**
 * Create the first organisation and its admin from the command line, with the server's configuration and
 * database. Returns the exit code; nothing is changed when it is not 0.
 */
export async function runInit(options: InitOptions, io: InitIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`trellis: ${message}\n`);
    return 1;
  };
  let config: Config;
  try {
    config = loadConfig(io.env);
    // Check the flags before touching the database; the password comes later, once we know setup is possible.
    validate(options, 'a placeholder password');
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InitError) return fail(error.message);
    throw error;
  }

  let opened: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    opened = await openConfiguredDatabase(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      return fail(
        `the data folder ${error.dataDir} is in use by a running Trellis server (pid ${error.pid}). ` +
          'Stop it first, or run the first-run setup in the browser.',
      );
    }
    throw error;
  }
  const { database, release } = opened;
  try {
    const ctx: AppContext = {
      db: database.db,
      dbKind: database.kind,
      config,
      log: createConsoleLogger('warn'),
      now: () => new Date(),
    };
    if (!(await getSetupStatus(ctx)).needsSetup) {
      return fail('this Trellis instance is already set up; sign in, or invite more admins from the app');
    }
    const input = validate(options, await adminPassword(io));
    const { organisation, user } = await setupFirstOrganisation(ctx, input);
    io.stdout.write(
      `Created the organisation ${organisation.name} with ${user.name} <${user.email}> as its admin.\n` +
        `Start Trellis with \`npm start\` and sign in at ${config.publicUrl}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof InitError) return fail(error.message);
    if (error instanceof AppError && error.status < 500) return fail(error.message);
    throw error;
  } finally {
    await database.close();
    release();
  }
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'Set up an empty instance: the first organisation and its admin. The password comes from ' +
        'TRELLIS_ADMIN_PASSWORD or is asked for in the terminal. Uses the same configuration as `serve`.',
    )
    .requiredOption('--org <name>', 'name of the organisation')
    .requiredOption('--admin-email <email>', 'email of the first admin (their sign-in)')
    .option('--admin-name <name>', 'full name of the first admin (default: from the email)')
    .action(async (options: InitOptions) => {
      const code = await runInit(options, {
        env: process.env,
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      });
      process.exitCode = code;
    });
}
