// The server as `trellis serve` starts it, without the rest of the CLI: browser tests depend only on the server.
import { serve } from '../src/server/main.ts';

await serve();
