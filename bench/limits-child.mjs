// One of the processes of variant (d) of bench/limits.mjs: `client.map` over its share of the inputs with
// `limits: { "*": { requestsPerSecond } }` and the Redis store shared with the other processes.
// argv: dist dir, provider URL, redis port, key prefix, first input, count, rate. Prints one JSON line.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, url, port, prefix, first, count, rate] = process.argv.slice(2);
const { InferenceClient } = await import(pathToFileURL(join(dist, "index.js")).href);
const { redisLimitStore } = await import(pathToFileURL(join(dist, "redis", "index.js")).href);
const { createClient } = createRequire(import.meta.url)("redis");
const redis = await createClient({ url: `redis://127.0.0.1:${port}` }).connect();
const client = new InferenceClient("hf_bench", {
  endpointUrl: url,
  limits: { "*": { requestsPerSecond: Number(rate) } },
  limitStore: redisLimitStore(redis, { prefix }),
});
const args = Array.from({ length: Number(count) }, (_, i) => ({ inputs: `text number ${Number(first) + i}` }));
// Every process starts at the same moment: the parent sends "go" once all are connected.
process.stdout.write("ready\n");
await new Promise((r) => process.stdin.once("data", r));
const started = performance.now();
const results = await client.map("featureExtraction", args, { concurrency: 8, batchSize: 1 });
const ms = performance.now() - started;
await redis.quit();
const failed = results.filter((r) => r.error).length;
process.stdout.write(`${JSON.stringify({ ms, failed, error: results.find((r) => r.error)?.error.message })}\n`);
