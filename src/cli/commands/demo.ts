import type { Command } from 'commander';
import { AppError } from '../../core/errors.ts';
import { type Config, ConfigError, loadConfig } from '../../server/config.ts';
import { createDemoOrganisation } from '../../server/features/demo/demo.service.ts';
import { CommandError, type CommandIo, openForCommand } from './import.ts';

/** `trellis demo`: add the demo organisation (refused when one exists) and print its admin's credentials. */
export async function runDemo(io: CommandIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`trellis: ${message}\n`);
    return 1;
  };
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  let opened: Awaited<ReturnType<typeof openForCommand>>;
  try {
    opened = await openForCommand(
      config,
      'Stop the server first, or choose "Try the demo" on its first-run page.',
    );
  } catch (error) {
    if (error instanceof CommandError) return fail(error.message);
    throw error;
  }
  const { ctx, database, release } = opened;
  try {
    const demo = await createDemoOrganisation(ctx, { emptyInstanceOnly: false });
    io.stdout.write(
      `Created the demo organisation ${demo.organisation.name} (${demo.organisation.slug}) with ${demo.peopleCount} people.\n` +
        `Sign in at ${config.publicUrl} as ${demo.admin.name}, Head of People:\n` +
        `  email:    ${demo.admin.email}\n` +
        `  password: ${demo.admin.password}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return fail(error.message);
    throw error;
  } finally {
    await database.close();
    release();
  }
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Add a demo organisation of 360 generated people and print its admin sign-in. Uses the same configuration as `serve`.',
    )
    .action(async () => {
      process.exitCode = await runDemo({ env: process.env, stdout: process.stdout, stderr: process.stderr });
    });
}
