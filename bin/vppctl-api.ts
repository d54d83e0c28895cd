#!/usr/bin/env node
// The vppapi command, unbundled: what the tests run, and the fallback of vppapi.cts.
import { runProcess } from './process.js';

await runProcess();
