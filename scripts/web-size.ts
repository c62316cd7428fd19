// What a browser must download before the web app can draw anything: the entry script of dist/web/index.html and
// the chunks it modulepreloads (decision 035). Used by the budget test (e2e/web-budget.test.ts) and bench:web.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const initialJsBudgetGzip = 250 * 1024;

export interface ScriptSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface InitialJs {
  scripts: ScriptSize[];
  raw: number;
  gzip: number;
}

/** The gzip size as a server would send it (zlib's default level, as @fastify/compress and nginx use). */
export function sizeOf(distDir: string, file: string): ScriptSize {
  const bytes = fs.readFileSync(path.join(distDir, file.replace(/^\//, '')));
  return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes).length };
}

/** The entry script and its modulepreloaded chunks, as listed in `<distDir>/index.html`. */
export function initialJs(distDir: string): InitialJs {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isEntry = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /rel="modulepreload"/.test(tag);
    const source = tag.match(/\b(?:src|href)="([^"]+)"/)?.[1];
    if ((isEntry || isPreload) && source) files.add(source);
  }
  if (files.size === 0) throw new Error(`${distDir}/index.html names no module script`);
  const scripts = [...files].map((file) => sizeOf(distDir, file));
  return {
    scripts,
    raw: scripts.reduce((sum, script) => sum + script.raw, 0),
    gzip: scripts.reduce((sum, script) => sum + script.gzip, 0),
  };
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
