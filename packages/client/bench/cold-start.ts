/**
 * One cold start, in a fresh process: `node bench/cold-start.ts <contestant> <baseUrl>` prints the
 * milliseconds from here to the first parsed response, imports included.
 */
import { type Contestant, makeGet } from "./contestants.ts";

const started = performance.now();
const [kind, baseUrl] = process.argv.slice(2) as [Contestant, string];
const get = await makeGet(kind, baseUrl);
await get();
console.log((performance.now() - started).toFixed(3));
