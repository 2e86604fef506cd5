/** Waiting for calls and streams in tests: what they give, and how they fail. */

/** Every item of a stream, in order (a failure rejects). */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The text of a chat completion stream: each chunk's delta content, joined (a failure rejects). */
export async function chatText(
  it: AsyncIterable<{ choices: readonly { delta?: { content?: string | null } }[] }>,
): Promise<string> {
  let text = "";
  for await (const c of it) text += c.choices[0]?.delta?.content ?? "";
  return text;
}

/** The items of a stream up to its end or its failure, and the failure. */
export async function collectUntilError<T>(it: AsyncIterable<T>): Promise<{ items: T[]; error?: any }> {
  const items: T[] = [];
  try {
    for await (const x of it) items.push(x);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

/** The error a call fails with (a promise, or a function that throws or rejects); a call that succeeds fails the test. */
export async function failure(p: Promise<unknown> | (() => unknown)): Promise<any> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

/** The error a stream fails with; a stream that ends fails the test. */
export async function streamFailure(it: AsyncIterable<unknown>): Promise<any> {
  return failure(async () => {
    for await (const x of it) void x;
  });
}

/** What a call settles with: its value, or its error. */
export const settle = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => v,
    (e: unknown) => e,
  );

/** The JSON payloads of a raw event stream (a recorded answer), parsed, without the final `[DONE]`. */
export function sseData(raw: string): unknown[] {
  return raw
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n"),
    )
    .filter((data) => data !== "" && data !== "[DONE]")
    .map((data) => JSON.parse(data) as unknown);
}
