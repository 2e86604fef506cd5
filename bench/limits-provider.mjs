// A loopback feature-extraction provider (hf-inference pipeline shape: a string in, one vector out; a list
// in, one vector per item) that allows RATE requests a second through a token bucket (RATE a second, a
// burst of BURST, starting full). A request without a token gets 429 with `Retry-After: 1`. Each answer
// comes after LATENCY_MS, as a small embedding model would take. Counts requests and 429s; `reset()`
// starts a new variant with a full bucket.
import { createServer } from "node:http";

const DIM = 384;
const vector = Array.from({ length: DIM }, (_, i) => Number(Math.sin(i).toFixed(6)));
const one = JSON.stringify(vector);

export async function startProvider({ rate, burst, latencyMs }) {
  let tokens = burst;
  let last = performance.now();
  const stats = { requests: 0, rejected: 0, items: 0 };
  const take = () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      stats.requests++;
      if (!take()) {
        stats.rejected++;
        res
          .writeHead(429, { "content-type": "application/json", "retry-after": "1" })
          .end('{"error":"Rate limit reached: 50 requests per second"}');
        return;
      }
      let inputs;
      try {
        inputs = JSON.parse(Buffer.concat(chunks).toString("utf8")).inputs;
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad json"}');
        return;
      }
      const n = Array.isArray(inputs) ? inputs.length : 1;
      stats.items += n;
      const body = Array.isArray(inputs) ? `[${Array(n).fill(one).join(",")}]` : one;
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(body), latencyMs);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    reset() {
      stats.requests = stats.rejected = stats.items = 0;
      tokens = burst;
      last = performance.now();
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
