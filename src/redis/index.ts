/**
 * `unified-inference/redis`: the state of client-wide limits (the pause after a 429, the rate buckets, the
 * circuits) in Redis, so that several processes respect one provider limit together. Every operation is
 * one Lua script run atomically by the server (EVAL), on the server's clock (TIME): processes on different
 * machines need no synchronised clocks. The `redis` client (v4 or v5) is passed in: this module imports
 * nothing of it.
 * @example
 * import { createClient } from "redis";
 * import { InferenceClient } from "unified-inference";
 * import { redisLimitStore } from "unified-inference/redis";
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const client = new InferenceClient(process.env.HF_TOKEN, {
 *   limits: { groq: { requestsPerSecond: 50 } },
 *   limitStore: redisLimitStore(redis),
 * });
 */
import type { CircuitTurn, LimitStore, Rate } from "../limits/store.js";

export type { CircuitTurn, LimitStore, Rate } from "../limits/store.js";

/** What the store needs of a Redis client: `eval` as the `redis` package (v4, v5) has it. */
export interface RedisEvalClient {
  /** Runs a Lua script with keys and arguments (the `redis` package's `client.eval`). */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Options of `redisLimitStore`. */
export interface RedisLimitStoreOptions {
  /** Prefix of the store's keys. @default "unified-inference:limits:" */
  prefix?: string;
  /** How long a key outlives its last use, in milliseconds. @default 3600000 (1 hour) */
  ttlMs?: number;
}

// Each script reads the server's clock in milliseconds first.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function num(f, d) return tonumber(redis.call('HGET', KEYS[1], f) or d) end
`;

/** KEYS[1]: the provider's hash; ARGV: ttl, count, then perSec and burst of each rate. Returns the wait (0: go). */
const TAKE = `${NOW}
local pause = num('p', '0')
if pause > now then return pause - now end
local elapsed = math.max(0, now - num('at', tostring(now))) / 1000
local n = tonumber(ARGV[2])
local have = {}
local wait = 0
for i = 1, n do
  local rate = tonumber(ARGV[1 + i * 2])
  local burst = tonumber(ARGV[2 + i * 2])
  local tok = math.min(burst, num('t' .. i, ARGV[2 + i * 2]) + elapsed * rate)
  have[i] = tok
  if tok < 1 then wait = math.max(wait, math.ceil((1 - tok) * 1000 / rate)) end
end
redis.call('HSET', KEYS[1], 'at', tostring(now))
for i = 1, n do
  if wait == 0 then have[i] = have[i] - 1 end
  redis.call('HSET', KEYS[1], 't' .. i, tostring(have[i]))
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return wait`;

/** KEYS[1]: the provider's hash; ARGV: ttl, pause ms. */
const PAUSE = `${NOW}
local until_ = now + tonumber(ARGV[2])
if num('p', '0') < until_ then redis.call('HSET', KEYS[1], 'p', tostring(until_)) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 0`;

/** KEYS[1]: the circuit's hash; ARGV: ttl, failures, window ms, cooldown ms. Returns 1 when it opens. */
const FAIL = `${NOW}
local cooldown = tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if num('o', '0') > 0 then
  if redis.call('HGET', KEYS[1], 'pr') ~= '1' then return 0 end
  redis.call('HSET', KEYS[1], 'pr', '0', 'o', tostring(now + cooldown))
  return 1
end
local s = num('s', '0')
local f = num('f', '0')
if now - s > tonumber(ARGV[3]) then f = 0; s = now end
f = f + 1
redis.call('HSET', KEYS[1], 'f', tostring(f), 's', tostring(s))
if f < tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'o', tostring(now + cooldown))
return 1`;

/** KEYS[1]: the circuit's hash. Returns 1 when it closes an open circuit. */
const SUCCEED = `local o = tonumber(redis.call('HGET', KEYS[1], 'o') or '0')
redis.call('DEL', KEYS[1])
if o > 0 then return 1 end
return 0`;

/** KEYS[1]: the circuit's hash; ARGV: ttl, cooldown ms. Returns 0 closed, 1 probe, 2 open. */
const TURN = `${NOW}
local o = num('o', '0')
if o == 0 then return 0 end
if now < o then return 2 end
redis.call('HSET', KEYS[1], 'o', tostring(now + tonumber(ARGV[2])), 'pr', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

const TURNS: CircuitTurn[] = ["closed", "probe", "open"];

/** A {@link LimitStore} in Redis, for `InferenceClient`'s `limitStore` option. */
export function redisLimitStore(client: RedisEvalClient, options: RedisLimitStoreOptions = {}): LimitStore {
  if (!client || typeof client.eval !== "function") {
    throw new TypeError("redisLimitStore needs a connected client of the `redis` package (createClient())");
  }
  const prefix = options.prefix ?? "unified-inference:limits:";
  const ttl = String(Math.max(1000, Math.round(options.ttlMs ?? 3_600_000)));
  const run = async (script: string, key: string, args: (string | number)[]): Promise<number> =>
    Number(await client.eval(script, { keys: [prefix + key], arguments: [ttl, ...args.map(String)] }));
  return {
    take: (key: string, rates: Rate[]) => run(TAKE, key, [rates.length, ...rates.flatMap((r) => [r.perSec, r.burst])]),
    async pause(key, ms) {
      await run(PAUSE, key, [Math.ceil(ms)]);
    },
    fail: async (key, failures, windowMs, cooldownMs) =>
      (await run(FAIL, `${key}:circuit`, [failures, windowMs, cooldownMs])) === 1,
    succeed: async (key) => (await run(SUCCEED, `${key}:circuit`, [])) === 1,
    turn: async (key, cooldownMs) => TURNS[await run(TURN, `${key}:circuit`, [cooldownMs])] ?? "closed",
  };
}
