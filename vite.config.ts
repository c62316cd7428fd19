import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = import.meta.dirname;

export default defineConfig({
  root: path.join(repoRoot, 'web'),
  plugins: [react()],
  build: {
    outDir: path.join(repoRoot, 'dist/web'),
    emptyOutDir: true,
    // Each page is its own chunk, loaded when first visited (web/app.tsx, decision 035). Everything the entry needs
    // before it can draw (React, the router, TanStack Query, the Mantine components of the shell) goes into the entry
    // as one file rather than a dozen modulepreloaded slivers; e2e/web-budget.test.ts holds it to 250 kB gzip.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
    // The entry is ~540 kB before compression (~165 kB gzip); the budget that matters is the gzip one, tested.
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    // The web app imports the shared contracts from src/contracts.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
