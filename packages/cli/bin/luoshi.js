#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=20
// A small young generation (2 MB a half instead of V8's up to 16 MB): the command line's long runs are streams
// (`luoshi figures import` of a million rows) whose rows are garbage within milliseconds; with the default, many
// outlive two scavenges, are promoted, and peak memory grew with the file (138 MB at 10,000 rows, 157–270 MB at
// 1,000,000, varying run to run). With it: 128 MB at 1,000,000, at the same speed. But what is promoted is still
// garbage, and V8 let the old generation grow up to four times what was alive before collecting it: on a later
// machine the same import peaked at 133 or at 223–279 MB from run to run (135 MB of heap in use at the peak, at
// most 34 MB of it alive). A heap grown by 20% instead collects sooner: 127–138 MB in every run, at the same speed. Both must
// be set when Node starts (v8.setFlagsFromString later is only partly honoured), hence here; the server (npm
// start) is not affected, and `luoshi serve` only collects a little more often.
// scripts/bench/figures.bench.mjs reads these flags from this line, so it measures the command as it runs.
import { main } from '../dist/index.js';
process.exitCode = await main(process.argv.slice(2));
