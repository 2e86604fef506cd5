// Where the llama.cpp test server and its model live. Shared by scripts/llama/setup.mjs and test/servers/.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The node-llama-cpp release whose npm tarball ships the llama.cpp sources we build (as a git bundle,
 * `package/llama/gitRelease.bundle`; `package/llama/llama.cpp.info.json` names the llama.cpp release).
 * Changing it rebuilds into a new cache directory.
 */
export const NODE_LLAMA_CPP_VERSION = "3.22.1";

/** `~/.cache/unified-inference/llama-<version>/` (or under `$UNIFIED_INFERENCE_CACHE`). */
export function llamaDir() {
  const cache = process.env.UNIFIED_INFERENCE_CACHE || join(homedir(), ".cache", "unified-inference");
  return join(cache, `llama-${NODE_LLAMA_CPP_VERSION}`);
}

export const serverBin = () => join(llamaDir(), "bin", "llama-server");
/** The model, named after a hash of its maker: changing make_model.py makes a new one. */
export function modelFile() {
  const maker = readFileSync(new URL("./make_model.py", import.meta.url));
  const hash = createHash("sha256").update(maker).digest("hex").slice(0, 12);
  return join(llamaDir(), "models", `tiny-random-llama-${hash}.gguf`);
}
