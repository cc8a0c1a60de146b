/**
 * The largest time a scenario may name, in ms: scenario times (`at`, `every`, `until`), a
 * latency distribution's mean and a protocol's time options (a round, a timeout) are bounded
 * by it, so that sums of them stay finite. A finite input that overflows to Infinity
 * (1e308 + 1e308) would silently stop a run, print "time": null, or end a timer at Infinity.
 * 1e15 ms is about 31,700 years.
 */
export const MAX_TIME_MS = 1e15;
