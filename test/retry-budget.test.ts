/**
 * The client's retry budget over loopback: against a provider that always answers 503, one client's calls
 * stop retrying once the budget is spent (so an outage is not met with three times the traffic), the error
 * says why, a fresh client starts with a full budget, `retryBudget: false` turns it off, a success earns
 * tokens back, and a bad `retryBudget` is an input error before anything is sent. Retry waits end at once
 * (test/support/loopback.ts).
 */
import { describe, expect, it } from "vitest";
import {
  chatCompletion,
  InferenceClient,
  InferenceClientInputError,
  InferenceClientServerError,
  type ClientOptions,
} from "../src/index.js";
import { failure } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";

const mock = useMockProvider();
const CHAT_PATH = "/v1/chat/completions";
const MESSAGES = [{ role: "user", content: "Hi" }];
const down = () => mock.on(CHAT_PATH, { status: 503, json: { error: "down" } });
const sent = () => mock.find(CHAT_PATH).length;

const clientWith = (options: ClientOptions = {}) =>
  new InferenceClient(undefined, { endpointUrl: mock.url, fetch: mock.fetch, ...options });

/** Makes `n` calls that fail; returns their errors. */
async function failAll(client: InferenceClient, n: number) {
  const errors = [];
  for (let i = 0; i < n; i++) errors.push(await failure(client.chatCompletion({ messages: MESSAGES })));
  return errors;
}

describe("the retry budget of a client", () => {
  it("by default (500 tokens, 5 per retry) covers 50 fully retried calls, then calls are sent once", async () => {
    down();
    const errors = await failAll(clientWith(), 60);
    // 50 calls x 3 attempts spend the 500 tokens; the next 10 calls are not retried.
    expect(sent()).toBe(50 * 3 + 10);
    expect(errors.every((e) => e instanceof InferenceClientServerError)).toBe(true);
    expect(errors[49].notRetried).toBeUndefined();
    expect(errors[50].notRetried).toBe("budget-spent");
    expect(errors[59].notRetried).toBe("budget-spent");
  });

  it("is shared by the client's calls and its endpoint() clients, and a fresh client starts full", async () => {
    down();
    const client = clientWith({ retryBudget: { capacity: 20 } });
    await failAll(client, 2);
    expect(sent()).toBe(6);
    await failAll(client.endpoint(mock.url), 3);
    expect(sent()).toBe(6 + 3);
    await failAll(clientWith({ retryBudget: { capacity: 20 } }), 1);
    expect(sent()).toBe(9 + 3);
  });

  it("far fewer requests in an outage than without a budget", async () => {
    down();
    await failAll(clientWith({ retryBudget: { capacity: 20 } }), 20);
    const withBudget = sent();
    mock.reset(true);
    down();
    await failAll(clientWith({ retryBudget: false }), 20);
    const without = sent();
    expect(without).toBe(60);
    expect(withBudget).toBe(2 * 3 + 18);
  });

  it("a success earns back what its last retry cost, or `refill` when it needed none", async () => {
    const client = clientWith({ retryBudget: { capacity: 10, retryCost: 5, refill: 5 } });
    down();
    await failAll(client, 1); // 2 retries: 10 tokens spent
    mock.reset(true);
    await client.chatCompletion({ messages: MESSAGES }); // no retry: earns 5
    mock.once(CHAT_PATH, { status: 503, json: { error: "down" } });
    await client.chatCompletion({ messages: MESSAGES }); // one retry (5 tokens), then success gives them back
    expect(sent()).toBe(3);
    mock.reset(true);
    down();
    const [err] = await failAll(client, 1);
    expect(sent()).toBe(2); // 5 tokens left: one retry
    expect(err.notRetried).toBe("budget-spent");
  });

  it("only the call's own request earns: a Hub look-up that succeeds gives nothing back", async () => {
    // src/transport/http.ts: Hub look-ups, polls and downloads succeed many times per call; earning on them
    // would refill the bucket during a provider's outage.
    const client = new InferenceClient("hf_budget_token_0123", {
      fetch: mock.fetch,
      retryBudget: { capacity: 10, retryCost: 5, refill: 5 },
    });
    down();
    await failAll(client.endpoint(mock.url), 1); // 2 retries: the 10 tokens are spent
    expect(sent()).toBe(3);
    mock.mapModel("org/budget-model", [
      { provider: "together", providerId: "org/budget-model", task: "conversational" },
    ]);
    const err = await failure(
      client.chatCompletion({ model: "org/budget-model", provider: "together", messages: MESSAGES }),
    );
    expect(mock.requests.some((r) => r.host === "huggingface.co")).toBe(true); // the look-up succeeded
    expect(sent()).toBe(3 + 1); // and earned nothing: no retry
    expect(err.notRetried).toBe("budget-spent");
  });

  it("a retry that costs 0 (retryCost: 0) gives back 0 on success, not refill", async () => {
    const client = clientWith({ retryBudget: { capacity: 10, retryCost: 0, timeoutCost: 10, refill: 10 } });
    // Connection failures: the first retry spends the 10 tokens, the second is refused.
    mock.on(CHAT_PATH, { destroy: "before-headers" });
    expect((await failure(client.chatCompletion({ messages: MESSAGES }))).notRetried).toBe("budget-spent");
    expect(sent()).toBe(2);
    mock.reset(true);
    // A 503 retried at cost 0, then a success: it gives back 0 (had it earned `refill`, the bucket would be full).
    mock.once(CHAT_PATH, { status: 503, json: { error: "down" } });
    await client.chatCompletion({ messages: MESSAGES });
    expect(sent()).toBe(2);
    mock.reset(true);
    mock.on(CHAT_PATH, { destroy: "before-headers" });
    const err = await failure(client.chatCompletion({ messages: MESSAGES }));
    expect(sent()).toBe(1);
    expect(err.notRetried).toBe("budget-spent");
  });

  it("standalone functions have no budget: each call has its own retries", async () => {
    down();
    for (let i = 0; i < 3; i++) {
      const err = await failure(chatCompletion({ endpointUrl: mock.url, messages: MESSAGES }, { fetch: mock.fetch }));
      expect(err.notRetried).toBeUndefined();
    }
    expect(sent()).toBe(9);
  });

  it("a bad retryBudget is an input error naming the field", () => {
    for (const [value, field] of [
      ["yes", "options.retryBudget"],
      [true, "options.retryBudget"],
      [{ capacity: 0 }, "options.retryBudget.capacity"],
      [{ retryCost: -1 }, "options.retryBudget.retryCost"],
      [{ timeoutCost: "5" }, "options.retryBudget.timeoutCost"],
      [{ refill: Number.NaN }, "options.retryBudget.refill"],
    ] as const) {
      const make = () => clientWith({ retryBudget: value as never });
      expect(make).toThrow(InferenceClientInputError);
      expect(make).toThrow(field);
    }
    expect(mock.requests.length).toBe(0);
  });
});
