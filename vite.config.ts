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
    // The app is one screen of a self-hosted tool: a single bundle is fine, but warn only when it gets silly.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    // The web app imports the shared contracts from src/contracts.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
