/**
 * Recoup's ops CLI: `npm run cli -- <command> [options]`. Prints JSON on stdout; on error prints
 * `{"error": "..."}` and a readable line on stderr, and exits non-zero.
 */
import { parseArgs } from "node:util";
import { loadEnvFiles } from "./env";
import { COMMANDS } from "./commands";

async function main() {
  loadEnvFiles();
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS)
      .map(([key, c]) => `  ${key.padEnd(16)} ${c.usage}`)
      .join("\n");
    fail(name ? `Unknown command "${name}".` : "No command given.", `Commands:\n${list}`);
    return;
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true }));
  } catch (error) {
    fail((error as Error).message, `Usage: ${name} ${command.usage}`);
    return;
  }
  try {
    const result = await command.run(values, positionals);
    process.stdout.write(result.text ?? `${JSON.stringify(result.output)}\n`);
    process.exitCode = result.exitCode ?? 0;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

function fail(message: string, hint?: string) {
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.stderr.write(`error: ${message}\n${hint ? `${hint}\n` : ""}`);
  process.exitCode = 1;
}

await main();
process.exit(process.exitCode ?? 0);
