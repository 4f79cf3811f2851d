import type { Benchmark } from './bench-row';
import { benchAppend } from './append.bench';
import { benchRelay } from './relay.bench';
import { benchEndToEnd } from './end-to-end.bench';
import { benchVerify } from './verify.bench';

/**
 * Every row of `npm run bench:log`, in the order they run. A benchmark is one file exporting a `Benchmark`;
 * adding one is an import and a line here. End to end runs before the relay: the relay benchmark leaves its
 * messages on a topic, and the services should not find a backlog when they start.
 */
export const BENCHMARKS: { name: string; run: Benchmark }[] = [
  { name: 'append', run: benchAppend },
  { name: 'end to end', run: benchEndToEnd },
  { name: 'relay', run: benchRelay },
  { name: 'verify', run: benchVerify },
];
