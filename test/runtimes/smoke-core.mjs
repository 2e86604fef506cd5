// The smoke test every runtime of the matrix runs (scripts/runtimes.mjs): chat, streaming, featureExtraction
// and textToImage against the mock provider started by the runner, over real HTTP, with `endpointUrl`.
// Plain JavaScript with no runtime-specific API, so Node, Deno, Bun, a browser page and a worker can all
// import it. Returns one result per check; a check that throws is a failure with its error message.

const PNG = [0x89, 0x50, 0x4e, 0x47];

/** Runs every check against the mock at `mockUrl` with the library module `lib`. */
export async function smoke(lib, mockUrl) {
  const results = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      results.push({ name, ok: true, detail: detail ?? "" });
    } catch (e) {
      results.push({ name, ok: false, detail: `${e?.name ?? "Error"}: ${e?.message ?? String(e)}` });
    }
  };
  const expect = (cond, what) => {
    if (!cond) throw new Error(what);
  };
  const client = new lib.InferenceClient(undefined, { endpointUrl: mockUrl, maxRetries: 0, timeout: 20_000 });

  await check("chat", async () => {
    const out = await client.chatCompletion({ messages: [{ role: "user", content: "Capital of France?" }] });
    const text = out?.choices?.[0]?.message?.content;
    expect(
      typeof text === "string" && text.includes("Capital of France?"),
      `unexpected answer ${JSON.stringify(text)}`,
    );
    return `${text.length} chars`;
  });

  await check("stream", async () => {
    const pieces = [];
    for await (const chunk of client.chatCompletionStream({ messages: [{ role: "user", content: "Stream it" }] })) {
      const piece = chunk?.choices?.[0]?.delta?.content;
      if (piece) pieces.push(piece);
    }
    const text = pieces.join("");
    expect(pieces.length > 3, `expected several chunks, got ${pieces.length}`);
    expect(text.includes("Stream it") && text.endsWith("✓"), `unexpected streamed text ${JSON.stringify(text)}`);
    return `${pieces.length} chunks`;
  });

  await check("featureExtraction", async () => {
    const vectors = await lib.featureExtraction({
      endpointUrl: `${mockUrl}/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction`,
      inputs: ["one", "two"],
    });
    expect(Array.isArray(vectors) && vectors.length === 2, `expected 2 vectors, got ${JSON.stringify(vectors)}`);
    expect(
      vectors.every((v) => Array.isArray(v) && v.length === 8 && v.every((x) => typeof x === "number")),
      "each vector must be 8 numbers",
    );
    expect(vectors[0].join() !== vectors[1].join(), "different texts must give different vectors");
    return "2 x 8";
  });

  if (typeof lib.textToImage === "function") {
    await check("textToImage", async () => {
      const blob = await lib.textToImage({
        endpointUrl: `${mockUrl}/runtime-smoke/text-to-image`,
        inputs: "A red square",
      });
      expect(blob && typeof blob.arrayBuffer === "function", `expected a Blob, got ${typeof blob}`);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      expect(
        PNG.every((b, i) => bytes[i] === b),
        "expected PNG bytes",
      );
      expect(blob.type === "image/png", `expected type image/png, got ${JSON.stringify(blob.type)}`);
      return `${bytes.length} bytes, ${blob.type}`;
    });
  } else {
    results.push({ name: "textToImage", ok: true, skipped: true, detail: "skipped: the library has no textToImage" });
  }
  return results;
}
