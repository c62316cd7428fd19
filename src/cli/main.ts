import { Command } from 'commander';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerMatchCommand } from './commands/match.ts';
import { registerResetPasswordCommand } from './commands/reset-password.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSolveCommand } from './commands/solve.ts';

const program = new Command();
program
  .name('trellis')
  .description('Trellis: career mentoring programs. Configuration comes from the environment (see README).')
  .showHelpAfterError();

registerServeCommand(program);
registerInitCommand(program);
registerImportCommand(program);
registerDemoCommand(program);
registerSolveCommand(program);
registerMatchCommand(program);
registerResetPasswordCommand(program);

await program.parseAsync(process.argv);
