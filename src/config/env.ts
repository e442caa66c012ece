/** Settings read from the environment (documented in .env.example). */
export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_PATH && env.DATABASE_PATH.trim() !== "" ? env.DATABASE_PATH : "./data/scorecard.db";
}
