import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { type Config, ConfigError, loadConfig } from '../../server/config.ts';
import { resetPasswordFromCommandLine } from '../../server/features/accounts/accounts.service.ts';
import { CommandError, type CommandIo, openForCommand } from './import.ts';

interface ResetPasswordOptions {
  email: string;
  org?: string;
}

/**
 * `trellis reset-password --email EMAIL [--org SLUG]`: the operator's way back into an account (the only admin
 * forgot their password, no SMTP server). Prints a one-time link; the account is signed out everywhere, its owner
 * is told (without the link), and the organisation's audit log records it. Returns the exit code.
 */
export async function runResetPassword(options: ResetPasswordOptions, io: CommandIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`trellis: ${message}\n`);
    return 1;
  };
  let config: Config;
  let email: string;
  try {
    config = loadConfig(io.env);
    const parsed = z.email().safeParse(options.email.trim());
    if (!parsed.success)
      throw new CommandError(`--email: not an email address (got ${JSON.stringify(options.email)})`);
    email = parsed.data.toLowerCase();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CommandError) return fail(error.message);
    throw error;
  }
  let opened: Awaited<ReturnType<typeof openForCommand>>;
  try {
    opened = await openForCommand(
      config,
      'Stop the server first, or ask an admin to use "Reset password" on the Team & invitations page.',
    );
  } catch (error) {
    if (error instanceof CommandError) return fail(error.message);
    throw error;
  }
  const { ctx, database, release } = opened;
  try {
    const { user, organisation, link } = await resetPasswordFromCommandLine(ctx, {
      email,
      organisationSlug: options.org,
    });
    io.stdout.write(
      `${user.name} <${user.email}> (${organisation}) is signed out everywhere. Give them this one-time link to ` +
        `choose a new password; it works once, until ${link.expiresAt.toISOString()}:\n${link.url}\n`,
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

export function registerResetPasswordCommand(program: Command): void {
  program
    .command('reset-password')
    .description(
      'Print a one-time link to choose a new password for an account (signs it out everywhere; its owner is ' +
        'told and the audit log records it). Uses the same configuration as `serve`.',
    )
    .requiredOption('--email <email>', 'the email the account signs in with')
    .option('--org <slug>', 'the organisation the account must belong to')
    .action(async (options: ResetPasswordOptions) => {
      process.exitCode = await runResetPassword(options, {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}
