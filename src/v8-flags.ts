// V8 settings for a bot that idles most of the day and must stay small when
// busy: imported first by the entry points, before any WebAssembly is
// compiled. Each measured on the compiled bot (bench/probes):
// - liftoff-only: Prisma's query compiler is WebAssembly, which V8 compiles
//   twice by default (quickly, then optimised in the background for hot
//   functions) and never gives the second compilation's memory back: about
//   20 MB resident. Compiled once, a query costs the same CPU (0.645 against
//   0.648 ms). V8 lists the flag as for testing; it only keeps V8 on its
//   baseline WebAssembly compiler, which it always uses first anyway.
// - heap-growing-percent: the heap grows by a fifth before the next full
//   collection, not by up to four times: 50 channels' digests at once peaked
//   at about 250 MB instead of 330 to 370 MB, at the same CPU per request.
// - gc-memory-reducer-start-delay-ms: once idle, memory is given back after
//   2 s rather than 8 s (start-up's garbage included).
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--liftoff-only");
setFlagsFromString("--heap-growing-percent=20");
setFlagsFromString("--gc-memory-reducer-start-delay-ms=2000");
