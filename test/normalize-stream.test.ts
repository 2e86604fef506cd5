import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatCompletionStream, type ChatStreamOptions } from "../src/index.js";
import { normaliseChatStream, ThinkSplitter } from "../src/tasks/nlp/normalize-stream.js";
import { collect } from "./support/collect.js";
import { useMockProvider } from "./support/loopback.js";

async function* from(chunks: unknown[]) {
  for (const c of chunks) yield JSON.parse(JSON.stringify(c));
}
const delta = (d: Record<string, unknown>, finish: string | null = null) => ({
  id: "c",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

function joined(chunks: any[], field: "content" | "reasoning") {
  return chunks.map((c) => c.choices[0]?.delta?.[field] ?? "").join("");
}

describe("normalised chat streams", () => {
  it("moves <think> blocks to delta.reasoning, whatever the split", () => {
    const text = "<think>Let me think: 2+2.</think>The answer is 4.";
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces: string[] = [];
        let last = 0;
        for (const p of points) {
          pieces.push(text.slice(last, p));
          last = p;
        }
        pieces.push(text.slice(last));
        const sp = new ThinkSplitter();
        let content = "";
        let reasoning = "";
        for (const p of pieces) {
          const [c, r] = sp.push(p);
          content += c;
          reasoning += r;
        }
        const [c, r] = sp.flush();
        expect(content + c).toBe("The answer is 4.");
        expect(reasoning + r).toBe("Let me think: 2+2.");
      }),
    );
  });

  it("gives the same shape for reasoning_content, reasoning and <think>", async () => {
    const a = await collect(
      normaliseChatStream(
        from([delta({ reasoning_content: "hmm" }), delta({ content: "ok" }), delta({}, "stop")]) as never,
      ),
    );
    const b = await collect(
      normaliseChatStream(from([delta({ reasoning: "hmm" }), delta({ content: "ok" }), delta({}, "stop")]) as never),
    );
    const c = await collect(
      normaliseChatStream(
        from([
          delta({ content: "<thi" }),
          delta({ content: "nk>hmm</think>" }),
          delta({ content: "ok" }),
          delta({}, "stop"),
        ]) as never,
      ),
    );
    for (const s of [a, b, c]) {
      expect(joined(s, "reasoning")).toBe("hmm");
      expect(joined(s, "content")).toBe("ok");
    }
  });

  it("puts usage on the last chunk", async () => {
    const out = await collect(
      normaliseChatStream(
        from([
          delta({ content: "hi" }),
          delta({}, "stop"),
          { id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { total_tokens: 3 } },
        ]) as never,
      ),
    );
    expect(out).toHaveLength(2);
    expect((out.at(-1) as { usage?: unknown }).usage).toEqual({ total_tokens: 3 });
  });

  it("normalises tool-call deltas to OpenAI's shape", async () => {
    const out = await collect(
      normaliseChatStream(
        from([
          delta({ tool_calls: [{ id: "call_1", function: { name: "get_weather", arguments: { city: "Paris" } } }] }),
          delta({}, "tool_calls"),
        ]) as never,
      ),
    );
    expect((out[0] as any).choices[0].delta.tool_calls).toEqual([
      { id: "call_1", index: 0, type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ]);
  });
});

describe("chatCompletionStream: raw by default, normalised with normalize: true (loopback HTTP)", () => {
  const sent = [
    { ...delta({ role: "assistant", content: "<think>Paris is" }) },
    delta({ content: " the capital.</think>Paris." }),
    delta({ reasoning_content: "double-check" }),
    delta({ tool_calls: [{ id: "call_1", function: { name: "lookup", arguments: { city: "Paris" } } }] }),
    delta({}, "stop"),
    { id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { total_tokens: 9 } },
  ];
  const mock = useMockProvider();

  async function stream(options: ChatStreamOptions = {}) {
    mock.once("/v1/chat/completions", { events: sent });
    const out: any[] = [];
    for await (const c of chatCompletionStream(
      { endpointUrl: mock.url, messages: [{ role: "user", content: "Capital of France?" }] },
      options,
    )) {
      out.push(c);
    }
    return out;
  }

  it("yields the provider's chunks as sent by default (and with the deprecated rawChunks)", async () => {
    expect(await stream()).toEqual(sent);
    expect(await stream({ rawChunks: true })).toEqual(sent);
    expect(await stream({ normalize: false })).toEqual(sent);
  });

  it("normalize: true splits reasoning out, reshapes tool calls and moves usage", async () => {
    const out = await stream({ normalize: true });
    expect(out).toHaveLength(5);
    expect(joined(out, "content")).toBe("Paris.");
    expect(joined(out, "reasoning")).toBe("Paris is the capital.double-check");
    expect(out[3].choices[0].delta.tool_calls).toEqual([
      { id: "call_1", index: 0, type: "function", function: { name: "lookup", arguments: '{"city":"Paris"}' } },
    ]);
    expect(out.at(-1).usage).toEqual({ total_tokens: 9 });
    expect(out.at(-1).choices[0].finish_reason).toBe("stop");
  });
});
