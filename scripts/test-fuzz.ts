/**
 * The long fuzz run: only tests/fuzz.int.test.ts, with many generated requests per API operation (`npm test` runs a
 * short pass of the same file). VINK_FUZZ_RUNS sets the number (default 200), VINK_FUZZ_SEED replays a reported run;
 * further arguments go to vitest.
 *   npm run test:fuzz
 *   VINK_FUZZ_RUNS=1000 npm run test:fuzz
 */
import { spawnSync } from 'node:child_process';

const runs = process.env.VINK_FUZZ_RUNS ?? '200';
console.log(`Fuzzing every API operation with ${runs} generated requests each`);
// A route's test sends all its generated requests, so its time limit grows with their number (2 s per run).
const timeout = Math.max(60_000, Number(runs) * 2_000);
const result = spawnSync('vitest', ['run', 'tests/fuzz.int.test.ts', `--testTimeout=${timeout}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, VINK_FUZZ_RUNS: runs },
});
process.exit(result.status ?? 1);
