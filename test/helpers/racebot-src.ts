/**
 * `racebot` from the source tree (what bin/racebot.js runs from dist/), for tests that run
 * documented shell commands without building dist/: node --import tsx test/helpers/racebot-src.ts ARGS
 */
import { main } from '../../src/cli.js';

process.exitCode = await main(process.argv);
