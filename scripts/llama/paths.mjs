// Where the llama.cpp test server and its model live. Shared by scripts/llama/setup.mjs and test/servers/.
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
export const modelFile = () => join(llamaDir(), "models", "tiny-random-llama.gguf");
