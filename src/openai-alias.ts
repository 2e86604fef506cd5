/**
 * `client.chat.completions.create(...)`: the call shape of the `openai` SDK, so code written for it can
 * switch clients. Non-streaming calls resolve to a `ChatCompletion`; with `stream: true` the result is an
 * async iterable of `ChatCompletionChunk`s with a `controller` (AbortController) and `toReadableStream()`,
 * like the SDK's `Stream`. Fields the SDK always has (`object`, `created`, `message.refusal`, `logprobs`)
 * are filled in when a provider leaves them out. Stream chunks are the provider's, as sent (as the SDK yields
 * them, usage-only chunk included); `{ normalize: true }` in the options gives `chatCompletionStream`'s
 * normalised view.
 */
import type { ChatCompletionOutput, ChatCompletionStreamOutput } from "@huggingface/tasks";
import type { ChatCompletionArgs, ChatStreamOptions } from "./tasks/nlp/chat-completion.js";
import { chatCompletion, chatCompletionStream } from "./client-deps.js";
import { onAbort } from "./transport/scope.js";
import type { Options } from "./types.js";

/** The arguments of `chat.completions.create`: those of {@link ChatCompletionArgs}, with `stream` choosing the answer's form. */
export type ChatCompletionCreateParams = Omit<ChatCompletionArgs, "stream"> & {
  /** `true`: answer with a {@link ChatCompletionStream} of chunks; else one {@link ChatCompletionOutput}. */
  stream?: boolean | null;
};

/** The SDK's `Stream`: iterate it, abort it, or turn it into a web stream of JSON lines. */
export interface ChatCompletionStream extends AsyncIterable<ChatCompletionStreamOutput> {
  /** Aborts the stream's request; the call's own `signal`, if any, aborts it too. */
  controller: AbortController;
  /** The chunks as a web stream of bytes: one JSON chunk per line; cancelling it aborts the request. */
  toReadableStream(): ReadableStream<Uint8Array>;
}

/** The `chat.completions` namespace of the client, shaped as the `openai` SDK's. */
export interface ChatCompletions {
  /** With `stream: true`: resolves to a {@link ChatCompletionStream} of the provider's chunks. */
  create(
    params: ChatCompletionCreateParams & { stream: true },
    options?: ChatStreamOptions,
  ): Promise<ChatCompletionStream>;
  /** Without `stream`: resolves to one {@link ChatCompletionOutput}, with the fields the SDK always has filled in. */
  create(
    params: ChatCompletionCreateParams & { stream?: false | null },
    options?: Options,
  ): Promise<ChatCompletionOutput>;
  /** With `stream` known only at run time: a {@link ChatCompletionStream} when it is true, else a {@link ChatCompletionOutput}. */
  create(
    params: ChatCompletionCreateParams,
    options?: ChatStreamOptions,
  ): Promise<ChatCompletionOutput | ChatCompletionStream>;
}

function completeOutput(out: ChatCompletionOutput): ChatCompletionOutput {
  const o = out as ChatCompletionOutput & { object?: string; created?: number };
  o.object ??= "chat.completion";
  o.created ??= Math.floor(Date.now() / 1000);
  for (const c of o.choices ?? []) {
    const choice = c as { logprobs?: unknown; message?: { refusal?: unknown } };
    if (choice.logprobs === undefined) choice.logprobs = null;
    if (choice.message && choice.message.refusal === undefined) choice.message.refusal = null;
  }
  return o;
}

/**
 * Iterates `inner` with the caller's signal (if any) also aborting `controller` (the SDK's `stream.controller`);
 * the listener is removed when the iteration ends, so a long-lived signal collects nothing. (Linked by hand:
 * AbortSignal.any is missing before Node 20.3.)
 */
async function* linked<T>(
  inner: AsyncGenerator<T, void, undefined>,
  user: AbortSignal | undefined,
  controller: AbortController,
): AsyncGenerator<T, void, undefined> {
  let unlink = () => {};
  if (user) {
    if (user.aborted) controller.abort(user.reason);
    // Shared with every other call on that signal: one listener however many streams it serves.
    else unlink = onAbort(user, () => controller.abort(user.reason));
  }
  try {
    yield* inner;
  } finally {
    unlink();
  }
}

/** Builds the `chat.completions` namespace over a merge of client defaults. */
export function chatCompletionsAlias(
  withDefaults: <A extends object, O extends Options>(args: A, options: O | undefined) => [A, O],
): { completions: ChatCompletions } {
  const create = async (params: ChatCompletionCreateParams, options?: ChatStreamOptions) => {
    const { stream, ...rest } = params;
    if (!stream) {
      const [a, o] = withDefaults(rest as ChatCompletionArgs, options);
      return completeOutput(await chatCompletion(a, o));
    }
    const controller = new AbortController();
    const signal = controller.signal;
    const [a, o] = withDefaults(rest as ChatCompletionArgs, { ...options, signal });
    const iterable: ChatCompletionStream = {
      controller,
      [Symbol.asyncIterator]: () => linked(chatCompletionStream(a, o), options?.signal, controller),
      toReadableStream() {
        const it = linked(chatCompletionStream(a, o), options?.signal, controller);
        const enc = new TextEncoder();
        return new ReadableStream<Uint8Array>({
          async pull(ctrl) {
            try {
              const r = await it.next();
              if (r.done) ctrl.close();
              else ctrl.enqueue(enc.encode(`${JSON.stringify(r.value)}\n`));
            } catch (e) {
              ctrl.error(e);
            }
          },
          async cancel(reason) {
            // A pull may be waiting for the next chunk, and `return()` would wait behind it (a stalled
            // server holding the request open): the request is ended first.
            controller.abort(reason);
            await it.return(undefined);
          },
        });
      },
    };
    return iterable;
  };
  return { completions: { create } as ChatCompletions };
}
