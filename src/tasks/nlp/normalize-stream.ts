/**
 * One chunk shape for chat streams, whatever the provider sends:
 * - reasoning text in `delta.reasoning`, whether the provider sent `reasoning`, `reasoning_content`, or
 *   `<think>...</think>` blocks inside `content` (those are moved out of `content`);
 * - tool-call deltas as OpenAI's `[{index, id?, type: "function", function: {name?, arguments: string}}]`
 *   (arguments sent as objects are JSON-encoded, a missing index is the position);
 * - usage on the last chunk: a trailing usage-only chunk (empty `choices`) is merged into the finishing chunk
 *   before it (only that chunk is held back, so streaming latency is unchanged).
 */
import type { ChatCompletionStreamOutput } from "@huggingface/tasks";
import type { StreamPipe } from "../stream.js";

type Delta = {
  content?: string | null;
  reasoning?: string | null;
  reasoning_content?: string | null;
  tool_calls?: unknown[];
  [k: string]: unknown;
};

const OPEN = "<think>";
const CLOSE = "</think>";

/** Splits `<think>` blocks out of streamed content; tags may arrive split across chunks. */
export class ThinkSplitter {
  private inThink = false;
  private carry = "";
  /** Returns [content, reasoning] for one piece of streamed content. */
  push(text: string): [string, string] {
    let s = this.carry + text;
    this.carry = "";
    let content = "";
    let reasoning = "";
    while (s) {
      const tag = this.inThink ? CLOSE : OPEN;
      const at = s.indexOf(tag);
      if (at >= 0) {
        if (this.inThink) reasoning += s.slice(0, at);
        else content += s.slice(0, at);
        s = s.slice(at + tag.length);
        this.inThink = !this.inThink;
        continue;
      }
      // Keep a possible partial tag at the end for the next piece.
      let keep = 0;
      for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) {
        if (tag.startsWith(s.slice(-n))) {
          keep = n;
          break;
        }
      }
      const out = s.slice(0, s.length - keep);
      if (this.inThink) reasoning += out;
      else content += out;
      this.carry = s.slice(s.length - keep);
      s = "";
    }
    return [content, reasoning];
  }
  /** Whatever is held back at the end of the stream. */
  flush(): [string, string] {
    const rest = this.carry;
    this.carry = "";
    return this.inThink ? ["", rest] : [rest, ""];
  }
}

function normaliseToolCalls(calls: unknown[]): unknown[] {
  return calls.map((c, i) => {
    if (!c || typeof c !== "object") return c;
    const call = c as { index?: number; type?: string; function?: { name?: string; arguments?: unknown } };
    const fn = call.function ?? {};
    const args = fn.arguments;
    return {
      ...call,
      index: typeof call.index === "number" ? call.index : i,
      type: call.type ?? "function",
      function: {
        ...fn,
        arguments: typeof args === "string" ? args : args === undefined || args === null ? "" : JSON.stringify(args),
      },
    };
  });
}

/** The chat normaliser as a pipe (see the module comment): used inside the stream loop, no extra generator. */
export function chatNormaliser(): Required<StreamPipe<ChatCompletionStreamOutput>> {
  return new ChatNormaliser();
}

/**
 * A class rather than an object of closures made per stream: its methods outlive each stream, and so does their
 * optimised code (V8 drops the optimised code of dead closures at the next full garbage collection).
 */
class ChatNormaliser implements Required<StreamPipe<ChatCompletionStreamOutput>> {
  private readonly splitters = new Map<number, ThinkSplitter>();
  private pending: ChatCompletionStreamOutput | undefined = undefined;

  push(chunk: ChatCompletionStreamOutput): ChatCompletionStreamOutput[] {
    const splitters = this.splitters;
    const choices = (chunk as { choices?: unknown }).choices;
    if (Array.isArray(choices) && choices.length === 0 && (chunk as { usage?: unknown }).usage && this.pending) {
      (this.pending as { usage?: unknown }).usage = (chunk as { usage?: unknown }).usage;
      return [];
    }
    if (Array.isArray(choices)) {
      for (const choice of choices as { index?: number; delta?: Delta }[]) {
        const d = choice?.delta;
        if (!d || typeof d !== "object") continue;
        const fromField = d.reasoning ?? d.reasoning_content;
        if (typeof d.content === "string" && (d.content.includes("<") || splitters.has(choice.index ?? 0))) {
          let sp = splitters.get(choice.index ?? 0);
          if (!sp) splitters.set(choice.index ?? 0, (sp = new ThinkSplitter()));
          const [content, reasoning] = sp.push(d.content);
          d.content = content;
          if (reasoning) d.reasoning = (typeof fromField === "string" ? fromField : "") + reasoning;
          else if (typeof fromField === "string") d.reasoning = fromField;
        } else if (typeof fromField === "string") {
          d.reasoning = fromField;
        }
        if (Array.isArray(d.tool_calls)) d.tool_calls = normaliseToolCalls(d.tool_calls);
      }
    }
    const out: ChatCompletionStreamOutput[] = [];
    if (this.pending) {
      out.push(this.pending);
      this.pending = undefined;
    }
    // Only a finishing chunk is held back, so a usage-only chunk after it can be merged into it.
    const finishing = Array.isArray(choices) && choices.some((c: { finish_reason?: unknown }) => c?.finish_reason);
    if (finishing || splitters.size) this.pending = chunk;
    else out.push(chunk);
    return out;
  }

  end(): ChatCompletionStreamOutput[] {
    const pending = this.pending;
    if (!pending) return [];
    for (const [index, sp] of this.splitters) {
      const [content, reasoning] = sp.flush();
      const choice = (pending as { choices?: { index?: number; delta?: Delta }[] }).choices?.find(
        (c) => (c.index ?? 0) === index,
      );
      if (choice?.delta) {
        if (content) choice.delta.content = (choice.delta.content ?? "") + content;
        if (reasoning) choice.delta.reasoning = (choice.delta.reasoning ?? "") + reasoning;
      }
    }
    this.pending = undefined;
    return [pending];
  }
}

/** Normalises a stream of chat chunks (see the module comment). */
export async function* normaliseChatStream(
  source: AsyncIterable<ChatCompletionStreamOutput>,
): AsyncGenerator<ChatCompletionStreamOutput, void, undefined> {
  const pipe = chatNormaliser();
  for await (const chunk of source) yield* pipe.push(chunk);
  yield* pipe.end();
}
