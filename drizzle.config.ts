import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; the app applies them on start
// (PGlite or Postgres alike), so `drizzle-kit push` is never used.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
