import type { Command } from 'commander';
import { serve } from '../../server/main.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the web app and the API (what `npm start` runs). PORT, TRELLIS_DATA_DIR, DATABASE_URL apply.',
    )
    .action(async () => {
      await serve();
    });
}
