// Makes the migrated template database that every test file copies (see src/server/testing/test-database.ts).
import { prepareTemplate, testDbKind } from '../src/server/testing/test-database.ts';

const t0 = Date.now();
await prepareTemplate(true);
console.log(`${testDbKind} test template ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
