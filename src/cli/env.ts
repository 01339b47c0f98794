import { existsSync, readFileSync } from "node:fs";

/** Loads `.env` and `.env.local` (the app's own files) without overriding the real environment. */
export function loadEnvFiles(files = [".env.local", ".env"]) {
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
      const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
      if (!match) continue;
      const [, key, raw] = match;
      const value = raw!.replace(/^(['"])(.*)\1$/, "$2");
      if (process.env[key!] === undefined) process.env[key!] = value;
    }
  }
}
