#!/usr/bin/env node
/**
 * Builds `llama-server` from the llama.cpp sources shipped inside the node-llama-cpp npm tarball, and makes a
 * tiny random-weight GGUF model with llama.cpp's own gguf-py. Both are cached under
 * `~/.cache/unified-inference/llama-<node-llama-cpp version>/`; a second run finds them and does nothing.
 *
 * node-llama-cpp is fetched with `npm pack` (never installed: it is not a dependency of this project).
 * The build is CPU only, without OpenSSL or the web UI, and only the `llama-server` target.
 *
 * Exit status: 0 when the server and the model are ready. When they cannot be made, 1 under CI (`CI` set),
 * else 0 with a warning, and test/servers/ skips with the reason.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_LLAMA_CPP_VERSION, llamaDir, modelFile, serverBin } from "./paths.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dir = llamaDir();
const ci = !!process.env.CI && process.env.CI !== "false";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

function sources() {
  const src = join(dir, "src");
  if (existsSync(join(src, "CMakeLists.txt"))) return src;
  const pkg = join(dir, "pkg");
  mkdirSync(pkg, { recursive: true });
  const tgz = `node-llama-cpp-${NODE_LLAMA_CPP_VERSION}.tgz`;
  if (!existsSync(join(pkg, tgz))) {
    console.log(`llama: npm pack node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`);
    run("npm", ["pack", `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`, "--pack-destination", pkg, "--silent"]);
  }
  run("tar", ["xzf", tgz, "package/llama/gitRelease.bundle", "package/llama/llama.cpp.info.json"], { cwd: pkg });
  rmSync(src, { recursive: true, force: true });
  run("git", [
    "-c",
    "advice.detachedHead=false",
    "clone",
    "--quiet",
    join(pkg, "package/llama/gitRelease.bundle"),
    src,
  ]);
  return src;
}

function build(src) {
  const out = join(dir, "build");
  const started = Date.now();
  const generator = spawnSync("ninja", ["--version"]).status === 0 ? ["-G", "Ninja"] : [];
  run("cmake", [
    "-S",
    src,
    "-B",
    out,
    ...generator,
    "-DCMAKE_BUILD_TYPE=Release",
    "-DBUILD_SHARED_LIBS=OFF", // one self-contained binary in bin/
    "-DGGML_NATIVE=OFF", // a cached binary must not depend on this machine's CPU flags
    "-DGGML_OPENMP=OFF",
    "-DLLAMA_CURL=OFF", // older releases: no downloads
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DLLAMA_BUILD_UI=OFF",
    "-DLLAMA_USE_PREBUILT_UI=OFF", // the prebuilt web UI is a download
  ]);
  const jobs = String(Math.max(1, Math.min(2, cpus().length)));
  console.log(`llama: building llama-server with ${jobs} jobs (several minutes the first time)`);
  run("cmake", ["--build", out, "--target", "llama-server", "-j", jobs]);
  const built = join(out, "bin", "llama-server");
  if (!existsSync(built)) throw new Error(`the build did not produce ${built}`);
  mkdirSync(dirname(serverBin()), { recursive: true });
  copyFileSync(built, `${serverBin()}.tmp`);
  renameSync(`${serverBin()}.tmp`, serverBin()); // never a half-copied binary in the cache
  console.log(`llama: built in ${Math.round((Date.now() - started) / 1000)} s`);
}

function model(src) {
  mkdirSync(dirname(modelFile()), { recursive: true });
  const tmp = `${modelFile()}.tmp`;
  run("python3", [join(here, "make_model.py"), tmp], {
    env: { ...process.env, PYTHONPATH: [join(src, "gguf-py"), process.env.PYTHONPATH].filter(Boolean).join(":") },
  });
  renameSync(tmp, modelFile());
}

try {
  if (existsSync(serverBin()) && existsSync(modelFile())) {
    console.log(`llama: cached in ${dir}`);
  } else {
    mkdirSync(dir, { recursive: true });
    const src = sources();
    if (!existsSync(serverBin())) build(src);
    if (!existsSync(modelFile())) model(src);
    writeFileSync(join(dir, "README"), "Made by unified-inference scripts/llama/setup.mjs; safe to delete.\n");
    console.log(`llama: ready in ${dir} (${readdirSync(dirname(serverBin())).join(", ")})`);
  }
} catch (err) {
  console.error(`llama: could not prepare llama-server: ${err instanceof Error ? err.message : err}`);
  if (ci) process.exit(1);
  console.error("llama: test/servers/ will be skipped (set CI=true to make this a failure)");
}
