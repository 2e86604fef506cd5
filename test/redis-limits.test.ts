// Limits shared between processes through Redis (unified-inference/redis): a real redis-server on a free
// loopback port, 4 child processes sharing one provider limit against a loopback server that counts
// requests per one-second window and answers 429 above the limit. Without redis-server the file is skipped
// with a message, except under CI=true, where that is a failure.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisLimitStore, type LimitStore } from "../src/redis/index.js";
import { LIBRARY, runScript } from "./support/child.js";

const hasRedis = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
const CI = process.env.CI === "true" || process.env.CI === "1";
const REDIS = JSON.stringify(
  createRequire(import.meta.url)
    .resolve("redis")
    .replace(/\\/g, "/"),
);
const STORE = JSON.stringify(resolve(__dirname, "../src/redis/index.ts").replace(/\\/g, "/"));

if (!hasRedis && CI) {
  it("redis-server is installed (CI=true: .ci/run installs the Debian package)", () => {
    expect.fail("redis-server is missing: apt-get install -y redis-server");
  });
}

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(!hasRedis)(
  `limits shared through Redis${hasRedis ? "" : " — SKIPPED: redis-server is not installed (apt-get install -y redis-server)"}`,
  () => {
    let redisProc: ChildProcess | undefined;
    let port = 0;
    let redis: { eval: (...a: never[]) => Promise<unknown>; quit(): Promise<unknown> } | undefined;
    let store: LimitStore;

    beforeAll(async () => {
      port = await freePort();
      redisProc = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      const { createClient } = (await import("redis")) as typeof import("redis");
      for (let i = 0; ; i++) {
        const c = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
        c.on("error", () => {});
        try {
          redis = (await c.connect()) as never;
          break;
        } catch (e) {
          if (i > 100) throw e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      store = redisLimitStore(redis as never, { prefix: "t:" });
    }, 20_000);

    afterAll(async () => {
      await redis?.quit().catch(() => {});
      redisProc?.kill("SIGTERM");
    });

    it("the store's scripts: token bucket, pause, circuit transitions", async () => {
      const rate = { perSec: 1, burst: 2 };
      expect(await store.take("a", [rate])).toBe(0);
      expect(await store.take("a", [rate])).toBe(0);
      // The bucket of 2 is empty: the next token comes in about a second.
      const wait = await store.take("a", [rate]);
      expect(wait).toBeGreaterThan(500);
      expect(wait).toBeLessThanOrEqual(1000);
      // A pause wins over a full bucket.
      await store.pause("b", 5000);
      expect(await store.take("b", [])).toBeGreaterThan(4000);
      await store.pause("b", 10);
      expect(await store.take("b", [])).toBeGreaterThan(4000);

      expect(await store.turn("c", 1000)).toBe("closed");
      expect(await store.fail("c", 2, 30_000, 50)).toBe(false);
      expect(await store.fail("c", 2, 30_000, 50)).toBe(true);
      expect(await store.turn("c", 50)).toBe("open");
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.turn("c", 50)).toBe("probe");
      // One probe per cooldown.
      expect(await store.turn("c", 50)).toBe("open");
      expect(await store.fail("c", 2, 30_000, 50)).toBe(true);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.turn("c", 50)).toBe("probe");
      expect(await store.succeed("c")).toBe(true);
      expect(await store.turn("c", 50)).toBe("closed");
      expect(await store.succeed("c")).toBe(false);
    });

    /** Runs `n` processes of `calls` calls each against a server allowing `rate` a second (plus the burst). */
    async function crowd(rate: number, mode: "redis" | "memory", n = 4, calls = 15) {
      // The provider allows the rate plus one (requests are paced one at a time) per one-second window, plus one: the server's
      // windows start at the first request's arrival, which a new connection delays more than later ones,
      // shifting them by some milliseconds against the clients' (Redis's) clock.
      const limit = rate + 2;
      const seen: number[] = [];
      let rejected = 0;
      const server: Server = createServer((req, res) => {
        req.resume();
        const t = performance.now();
        seen.push(t);
        const window = Math.floor((t - seen[0]!) / 1000);
        const inWindow = seen.filter((s) => Math.floor((s - seen[0]!) / 1000) === window).length;
        if (inWindow > limit) {
          rejected++;
          res.writeHead(429, { "content-type": "application/json" }).end('{"error":"rate limited"}');
          return;
        }
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            id: "x",
            object: "chat.completion",
            created: 1,
            model: "m",
            choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
          }),
        );
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const prefix = `crowd-${mode}-${Date.now()}:`;
      const script = `
        import { InferenceClient } from ${LIBRARY};
        import { redisLimitStore } from ${STORE};
        import { createRequire } from "node:module";
        // Loaded from node_modules at run time, not bundled into the script.
        const { createClient } = createRequire(import.meta.url)(${REDIS});
        const [url, port, prefix, mode, calls, rate] = process.argv.slice(2);
        const redis = mode === "redis" ? await createClient({ url: "redis://127.0.0.1:" + port }).connect() : undefined;
        const client = new InferenceClient("", {
          endpointUrl: url,
          maxRetries: 0,
          limits: { "*": { requestsPerSecond: Number(rate) } },
          limitStore: redis ? redisLimitStore(redis, { prefix }) : undefined,
        });
        const results = await Promise.allSettled(
          Array.from({ length: Number(calls) }, () => client.chatCompletion({ messages: [{ role: "user", content: "Hi" }] })),
        );
        await redis?.quit();
        console.log(JSON.stringify({ ok: results.filter((r) => r.status === "fulfilled").length }));
      `;
      try {
        const runs = await Promise.all(
          Array.from({ length: n }, () =>
            runScript(script, [url, String(port), prefix, mode, String(calls), String(rate)], 60_000),
          ),
        );
        for (const r of runs) expect(r.code, r.stderr).toBe(0);
        const perWindow = new Map<number, number>();
        for (const s of seen) {
          const w = Math.floor((s - seen[0]!) / 1000);
          perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
        }
        const ok = runs.reduce(
          (sum, r) => sum + (JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { ok: number }).ok,
          0,
        );
        return { total: seen.length, rejected, ok, maxPerWindow: Math.max(...perWindow.values()), limit };
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    }

    it("4 processes sharing one limit through Redis stay within it together (per 1-second window, burst allowed)", async () => {
      const r = await crowd(10, "redis", 4, 10);
      if (process.env.SHOW_CROWD) console.log("redis", JSON.stringify(r));
      expect(r.total).toBe(40);
      expect(r.maxPerWindow).toBeLessThanOrEqual(r.limit);
      expect(r.rejected / r.total).toBeLessThan(0.01);
      expect(r.ok).toBe(40);
    }, 90_000);

    it("the same 4 processes with in-memory stores each pace alone, and together pass the limit", async () => {
      const r = await crowd(10, "memory", 4, 10);
      if (process.env.SHOW_CROWD) console.log("memory", JSON.stringify(r));
      expect(r.maxPerWindow).toBeGreaterThan(r.limit);
      expect(r.rejected).toBeGreaterThan(0);
    }, 90_000);
  },
);
