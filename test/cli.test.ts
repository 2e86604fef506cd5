/**
 * The command line, end to end: the built binary (`node dist/cli.js`, so `npm test` builds first) runs
 * as a child process against the mock provider, reached through UNIFIED_INFERENCE_FETCH_PROXY (every
 * provider and Hub URL goes to the mock, which records the URL meant) or through --endpoint-url.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseArgs, parseDuration, parseParams } from "../src/cli/args.js";
import { contextFrom } from "../src/cli/common.js";
import { EXIT, exitCodeOf, formatError } from "../src/cli/errors.js";
import { extensionFor, proxyFetch } from "../src/cli/io.js";
import { createProgress } from "../src/cli/progress.js";
import { CommandLineInputs, RUN_OPTIONS } from "../src/cli/run.js";
import { parseCsv, parseTable } from "../src/cli/table.js";
import { findTask, TASKS } from "../src/cli/tasks.js";
import { InferenceClientProviderApiError, InferenceClientTimeoutError } from "../src/index.js";
import * as tasks from "../src/tasks/index.js";
import { fastWaits } from "./support/waits.js";
import { mockAnswer, vector } from "../src/testing/index.js";
import { CLI, mockEnv, runCli, type CliOptions, type CliRun } from "./support/cli.js";
import { useMockProvider } from "./support/loopback.js";
import { PNG } from "./support/media.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";

const CHAT_MODEL = "meta-llama/Llama-3.3-70B-Instruct";
const EMBED_MODEL = "sentence-transformers/all-MiniLM-L6-v2";
const IMAGE_MODEL = "black-forest-labs/FLUX.1-dev";
const CLASSIFY_MODEL = "google/vit-base-patch16-224";
const VIDEO_MODEL = "Wan-AI/Wan2.2-T2V-A14B";

const mock = useMockProvider();
let work: string;

/** Runs the built CLI against this file's mock provider, in the work folder. */
const cli = (args: string[], opts: CliOptions = {}): Promise<CliRun> =>
  runCli(args, { cwd: work, ...opts, env: { HOME: work, ...mockEnv(mock, TOKEN), ...opts.env } });

const lastRequest = (part: string) => mock.find(part).at(-1)!;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsup, or npm test which builds)`);
  work = mkdtempSync(join(tmpdir(), "unified-inference-cli-"));
});
beforeEach(() => {
  mock.mapModel(CHAT_MODEL, [
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
  ]);
  mock.mapModel(EMBED_MODEL, [{ provider: "hf-inference", providerId: EMBED_MODEL, task: "feature-extraction" }]);
  mock.mapModel(IMAGE_MODEL, [{ provider: "hf-inference", providerId: IMAGE_MODEL, task: "text-to-image" }]);
  mock.mapModel(CLASSIFY_MODEL, [
    { provider: "hf-inference", providerId: CLASSIFY_MODEL, task: "image-classification" },
  ]);
  mock.mapModel(VIDEO_MODEL, [
    { provider: "fal-ai", providerId: "fal-ai/wan/v2.2-a14b/text-to-video", task: "text-to-video" },
  ]);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("chat", () => {
  it("streams the answer to stdout, with --system, through the router to the mapped provider", async () => {
    const r = await cli(["chat", "-m", CHAT_MODEL, "-p", "together", "--system", "Be brief", "Capital of France?"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("Capital of France?")}\n`);
    const sent = lastRequest("/v1/chat/completions");
    expect(sent.url).toBe("https://router.huggingface.co/together/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers.accept).toBe("text/event-stream");
    expect(sent.json).toMatchObject({
      model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
      stream: true,
      messages: [
        { role: "system", content: "Be brief" },
        { role: "user", content: "Capital of France?" },
      ],
    });
  });

  it("prints each token as it arrives, before the stream ends", async () => {
    // A server that sends the second half of the answer only once the CLI has printed the first half.
    let release!: () => void;
    const printed = new Promise<void>((r) => (release = r));
    let firstPrintedBeforeEnd = false;
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        void (async () => {
          const event = (content: string | null, finish: string | null = null) =>
            `data: ${JSON.stringify({
              id: "c1",
              object: "chat.completion.chunk",
              created: 1,
              model: "m",
              choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
            })}\n\n`;
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write(event("Hello"));
          // Safety net so a CLI that buffers fails the assertion below instead of hanging the suite.
          const guard = new Promise<void>((r) => setTimeout(r, 10_000).unref());
          await Promise.race([printed.then(() => (firstPrintedBeforeEnd = true)), guard]);
          res.write(event(" world"));
          res.write(event(null, "stop"));
          res.end("data: [DONE]\n\n");
        })();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    try {
      const r = await cli(["chat", "-e", `http://127.0.0.1:${port}`, "Say hello"], {
        env: { UNIFIED_INFERENCE_FETCH_PROXY: undefined, HF_TOKEN: undefined },
        onStdout: (all) => {
          if (all.includes("Hello")) release();
        },
      });
      expect(r.code).toBe(EXIT.ok);
      expect(firstPrintedBeforeEnd).toBe(true);
      expect(r.stdout).toBe("Hello world\n");
    } finally {
      server.close();
    }
  });

  it("reads the prompt from piped stdin", async () => {
    const r = await cli(["chat", "-m", CHAT_MODEL, "-p", "together"], { input: "What is piped in?\n" });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("What is piped in?")}\n`);
  });

  it("--interactive keeps the conversation across turns", async () => {
    const r = await cli(["chat", "-I", "-m", CHAT_MODEL, "-p", "together", "-s", "sys"], {
      input: "First question\n\nSecond question\n",
    });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("First question")}\n${mockAnswer("Second question")}\n`);
    const sent = mock.find("/v1/chat/completions");
    expect(sent).toHaveLength(2);
    expect(sent[1]!.json.messages).toEqual([
      { role: "system", content: "sys" },
      { role: "user", content: "First question" },
      { role: "assistant", content: mockAnswer("First question") },
      { role: "user", content: "Second question" },
    ]);
  });

  it("--json prints the whole completion; --max-tokens and --param go to the top level", async () => {
    const r = await cli([
      "chat",
      "--json",
      "-m",
      CHAT_MODEL,
      "-p",
      "together",
      "--max-tokens",
      "64",
      "--param",
      "top_p=0.5",
      "Hi",
    ]);
    expect(r.code).toBe(EXIT.ok);
    const out = JSON.parse(r.stdout);
    expect(out.choices[0].message.content).toBe(mockAnswer("Hi"));
    expect(lastRequest("/v1/chat/completions").json).toMatchObject({ max_tokens: 64, top_p: 0.5 });
    expect(lastRequest("/v1/chat/completions").json.stream).toBeUndefined();
  });

  it("talks to a local OpenAI-compatible server with --endpoint-url and no token", async () => {
    const r = await cli(["chat", "-e", mock.url, "Hello local"], {
      env: { UNIFIED_INFERENCE_FETCH_PROXY: undefined, HF_TOKEN: undefined },
    });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${mockAnswer("Hello local")}\n`);
    const sent = lastRequest("/v1/chat/completions");
    expect(sent.url).toBe(`${mock.url}/v1/chat/completions`);
    expect(sent.headers.authorization).toBeUndefined();
  });
});

describe("run: outputs", () => {
  it("prints JSON for a JSON task (feature-extraction, one text per argument)", async () => {
    const r = await cli(["run", "feature-extraction", "-m", EMBED_MODEL, "-p", "hf-inference", "one", "two"]);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual([vector("one"), vector("two")]);
    const sent = lastRequest("/pipeline/feature-extraction");
    expect(sent.url).toBe(
      `https://router.huggingface.co/hf-inference/models/${EMBED_MODEL}/pipeline/feature-extraction`,
    );
    expect(sent.json).toEqual({ inputs: ["one", "two"] });
  });

  it("takes texts from stdin lines and --param into parameters", async () => {
    const r = await cli(["run", "embeddings", "-m", EMBED_MODEL, "-p", "hf-inference", "-P", "normalize=true"], {
      input: "alpha\nbeta\n",
    });
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual([vector("alpha"), vector("beta")]);
    expect(lastRequest("/pipeline/feature-extraction").json).toEqual({
      inputs: ["alpha", "beta"],
      parameters: { normalize: true },
    });
  });

  it("sends a media file given with --input, with its content type, and prints the JSON answer", async () => {
    const image = join(work, "cat.png");
    writeFileSync(image, PNG);
    const r = await cli(["run", "image-classification", "-m", CLASSIFY_MODEL, "--input", image]);
    expect(r.code).toBe(EXIT.ok);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out) && out.length > 0).toBe(true);
    expect(out[0]).toEqual({ label: expect.any(String), score: expect.any(Number) });
    const sent = lastRequest(`/models/${CLASSIFY_MODEL}`);
    expect(Buffer.from(sent.bytes).equals(PNG)).toBe(true);
    expect(sent.headers["content-type"]).toBe("image/png");
  });

  it("downloads an http(s) --input first, keeping its served content type", async () => {
    mock.on("https://images.example.com/cat", { bytes: PNG, headers: { "content-type": "image/png" } });
    const r = await cli(["run", "image-classification", "-m", CLASSIFY_MODEL, "-i", "https://images.example.com/cat"]);
    expect(r.code).toBe(EXIT.ok);
    expect(mock.find("https://images.example.com/cat")[0]!.method).toBe("GET");
    const sent = lastRequest(`/models/${CLASSIFY_MODEL}`);
    expect(Buffer.from(sent.bytes).equals(PNG)).toBe(true);
    expect(sent.headers["content-type"]).toBe("image/png");
  });

  it("writes a media output to a file named by its content type, and describes it on stdout", async () => {
    const dir = mkdtempSync(join(work, "media-"));
    const r = await cli(["run", "text-to-image", "-m", IMAGE_MODEL, "-p", "hf-inference", "A red fox"], { cwd: dir });
    expect(r.code).toBe(EXIT.ok);
    const bytes = readFileSync(join(dir, "image.png"));
    expect(JSON.parse(r.stdout)).toEqual({ file: "image.png", contentType: "image/png", bytes: bytes.length });
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // A second run does not overwrite the first file.
    const again = await cli(["run", "textToImage", "-m", IMAGE_MODEL, "-p", "hf-inference", "A red fox"], { cwd: dir });
    expect(JSON.parse(again.stdout).file).toBe("image-1.png");
  });

  it("--output names the file, and --output - writes the bytes to stdout", async () => {
    const target = join(work, "fox.png");
    const r = await cli(["run", "text-to-image", "-m", IMAGE_MODEL, "-p", "hf-inference", "-o", target, "A fox"]);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout).file).toBe(target);
    expect([...readFileSync(target).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const raw = await cli(["run", "text-to-image", "-m", IMAGE_MODEL, "-p", "hf-inference", "-o", "-", "A fox"]);
    expect(raw.code).toBe(EXIT.ok);
    expect(raw.stdoutBytes.equals(readFileSync(target))).toBe(true);
    // A JSON output with --output goes to the file.
    const vectors = join(work, "vectors.json");
    const json = await cli(["run", "feature-extraction", "-m", EMBED_MODEL, "-p", "hf-inference", "-o", vectors, "x"]);
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.stdout)).toMatchObject({ file: vectors, contentType: "application/json" });
    expect(JSON.parse(readFileSync(vectors, "utf8"))).toEqual(vector("x"));
  });

  it("--output is checked before any request: a missing directory, a directory, a file as the directory", async () => {
    const file = join(work, "a-file.txt");
    writeFileSync(file, "x");
    const cases: [output: string, why: string][] = [
      [join(work, "no-such-dir", "fox.png"), "no such directory"],
      [work, "it is a directory"],
      [`${join(work, "new-dir")}/`, "names a directory"],
      [join(file, "fox.png"), "is not a directory"],
    ];
    for (const [output, why] of cases) {
      // A paid job (fal-ai video) and a plain request (hf-inference image): neither is sent.
      for (const argv of [
        ["run", "text-to-video", "-m", VIDEO_MODEL, "-p", "fal-ai", "-o", output, "A cat"],
        ["run", "text-to-image", "-m", IMAGE_MODEL, "-p", "hf-inference", "-o", output, "A fox"],
      ]) {
        const r = await cli(argv);
        expect(r.code, `${argv[1]} -o ${output}: ${r.stderr}`).toBe(EXIT.usage);
        expect(r.stderr).toContain(`cannot write --output ${output}: `);
        expect(r.stderr).toContain(why);
        expect(r.stdout).toBe("");
        expect(mock.requests, `${argv[1]} -o ${output}`).toEqual([]);
      }
    }
    expect(existsSync(join(work, "no-such-dir"))).toBe(false);
    expect(existsSync(join(work, "new-dir"))).toBe(false);
  });

  it("shows job status and queue position on stderr for a queued job, then saves the video", async () => {
    const dir = mkdtempSync(join(work, "video-"));
    const r = await cli(
      ["run", "text-to-video", "-m", VIDEO_MODEL, "-p", "fal-ai", "-H", "x-mock-job: queued=1; running=1", "A cat"],
      { cwd: dir },
    );
    expect(r.code).toBe(EXIT.ok);
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^unified-inference: IN_QUEUE, queue position \d+, \d+\.\ds$/);
    expect(lines.some((l) => l.startsWith("unified-inference: IN_PROGRESS, "))).toBe(true);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: "video.mp4", contentType: "video/mp4" });
    expect(existsSync(join(dir, "video.mp4"))).toBe(true);
  });
});

describe("errors and exit codes", () => {
  it("a provider error: exit 3, one line naming provider, model, status and request id, never the token", async () => {
    mock.once("/together/", {
      status: 400,
      json: { error: { message: "Input validation error" } },
      headers: { "x-request-id": "req-cli-400" },
    });
    const r = await cli(["chat", "-m", CHAT_MODEL, "-p", "together", "--token", TOKEN, "Hi"]);
    expect(r.code).toBe(EXIT.provider);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `unified-inference: provider error: provider=together model=${CHAT_MODEL} status=400 request-id=req-cli-400: Input validation error\n`,
    );
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("retries what may pass, saying so on stderr", async () => {
    mock.once("/together/", { status: 429, json: { error: "slow down" }, headers: { "retry-after": "0" } });
    const r = await cli(["chat", "-m", CHAT_MODEL, "-p", "together", "Hi"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/^unified-inference: retrying in \d+\.\ds \(attempt 1, HTTP 429\)\n$/);
    expect(r.stdout).toBe(`${mockAnswer("Hi")}\n`);
  });

  it("usage errors: exit 2 with a hint", async () => {
    const unknown = await cli(["chat", "--sytem", "x", "Hi"]);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toBe(
      "unified-inference: usage error: unknown option --sytem (did you mean --system?) (see unified-inference --help)\n",
    );
    const task = await cli(["run", "no-such-task", "x"]);
    expect(task.code).toBe(EXIT.usage);
    const noInput = await cli(["run", "image-classification", "cat.png"]);
    expect(noInput.code).toBe(EXIT.usage);
    expect(noInput.stderr).toContain('missing --input <image file|url|-> (is "cat.png" meant as --input?)');
    const noFile = await cli(["run", "image-classification", "-i", join(work, "missing.png")]);
    expect(noFile.code).toBe(EXIT.usage);
    expect(noFile.stderr).toContain("no such file");
    const noPrompt = await cli(["chat", "-m", CHAT_MODEL]);
    expect(noPrompt.code).toBe(EXIT.usage);
    expect(mock.requests).toHaveLength(0);
  });

  it("an input error from the library is exit 2", async () => {
    const r = await cli(["chat", "-p", "no-such-provider", "-m", CHAT_MODEL, "Hi"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^unified-inference: usage error: .*Provider 'no-such-provider' not supported/);
  });

  it("a timeout is exit 4", async () => {
    mock.on("/together/", { hang: true });
    const r = await cli(["chat", "-m", CHAT_MODEL, "-p", "together", "--timeout", "300ms", "Hi"]);
    expect(r.code).toBe(EXIT.timeout);
    expect(r.stderr).toMatch(
      /^unified-inference: timeout: provider=together model=\S+: Call exceeded timeout of 300 ms/,
    );
  });

  it("a connection failure is exit 5", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const { port } = closed.address() as { port: number };
    await new Promise((r) => closed.close(r));
    const r = await cli(["chat", "-e", `http://127.0.0.1:${port}`, "--no-retry", "Hi"], {
      env: { UNIFIED_INFERENCE_FETCH_PROXY: undefined },
    });
    expect(r.code).toBe(EXIT.network);
    expect(r.stderr).toMatch(/^unified-inference: network error: /);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("Ctrl-C (SIGINT) during a call stops it: exit 130", async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((r) => (arrived = r));
    mock.on("/together/", () => {
      arrived();
      return { hang: true };
    });
    const r = await cli(["chat", "-m", CHAT_MODEL, "-p", "together", "Hi"], {
      started: (child) => void requestArrived.then(() => child.kill("SIGINT")),
    });
    expect(r.code).toBe(EXIT.interrupted);
    expect(r.stderr).toBe("unified-inference: interrupted\n");
  });
});

describe("--input downloads", () => {
  // Straight to servers of this test over loopback (no proxy), the call to the mock through --endpoint-url.
  const DIRECT = { UNIFIED_INFERENCE_FETCH_PROXY: undefined };
  /** What a download may carry: Accept, User-Agent and what the runtime's fetch adds by itself. */
  const FETCH_OWN = [
    "host",
    "connection",
    "accept",
    "user-agent",
    "accept-encoding",
    "accept-language",
    "sec-fetch-mode",
  ];
  const servers: Server[] = [];

  interface Seen {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
  }
  /** A loopback server answering with `handle`; records the requests it gets. */
  async function serve(handle: (req: Seen, res: import("node:http").ServerResponse) => void) {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
      const r = { method: req.method ?? "", url: req.url ?? "", headers: req.headers };
      seen.push(r);
      handle(r, res);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return { origin, seen, host: origin.slice("http://".length) };
  }
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  /** The gzip encoding of `mib` MiB of zeros (about 1 KB per MiB). */
  async function gzipZeros(mib: number): Promise<Buffer> {
    const gz = createGzip({ level: 9 });
    const out: Buffer[] = [];
    gz.on("data", (d: Buffer) => out.push(d));
    const ended = new Promise((r) => gz.on("end", r));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < mib; i++) if (!gz.write(zeros)) await new Promise((r) => gz.once("drain", r));
    gz.end();
    await ended;
    return Buffer.concat(out);
  }

  it("a gzip bomb is cut at --max-input-bytes as it inflates: exit 2 naming the host, small memory, nothing sent to the provider", async () => {
    const bomb = await gzipZeros(256);
    const input = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/png", "content-encoding": "gzip", "content-length": bomb.length });
      res.end(bomb);
    });
    // The child reports its peak memory when it exits (kilobytes).
    const probe = join(work, "maxrss.cjs");
    writeFileSync(
      probe,
      'process.on("exit", () => process.stderr.write("maxrss=" + process.resourceUsage().maxRSS + "\\n"));\n',
    );
    const url = `${input.origin}/cat.png?X-Amz-Signature=sig-0123456789abcdef`;
    const r = await cli(
      ["run", "image-classification", "-e", mock.url, "-i", url, "--max-input-bytes", "1048576", "--no-retry"],
      { env: DIRECT, nodeArgs: ["--require", probe] },
    );
    expect(r.code).toBe(EXIT.usage);
    const [line, rss] = r.stderr.trim().split("\n");
    expect(line).toBe(
      `unified-inference: usage error: cannot download --input from ${input.host}: larger than 1048576 bytes (--max-input-bytes) (see unified-inference --help)`,
    );
    expect(r.stderr).not.toContain("sig-0123456789abcdef");
    expect(r.stderr).not.toContain(TOKEN);
    // 256 MiB inflated would show in the peak memory; 1 MiB read and the rest cancelled stays near Node's own.
    const maxRssKb = Number(/^maxrss=(\d+)$/.exec(rss ?? "")?.[1]);
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(200 * 1024);
    expect(input.seen).toHaveLength(1);
    expect(mock.requests).toHaveLength(0);
  });

  it("a declared length past the default cap (512 MiB) is refused before its body is read", async () => {
    let closed!: () => void;
    const gone = new Promise<void>((r) => (closed = r));
    const input = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "audio/flac", "content-length": String(600 * 1024 * 1024) });
      // A first piece, then nothing more: the command must not wait for the rest.
      res.write(Buffer.alloc(65_536));
      res.on("close", closed);
    });
    const r = await cli(["run", "automatic-speech-recognition", "-e", mock.url, "-i", `${input.origin}/big.flac`], {
      env: DIRECT,
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(
      `cannot download --input from ${input.host}: larger than 536870912 bytes (--max-input-bytes)`,
    );
    await gone;
    expect(mock.requests).toHaveLength(0);
  });

  it("an error answer is reported by its status only: the body is not quoted, no credential was sent", async () => {
    const input = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><title>ACCOUNT 4711 PRIVATE PAGE</title></html>");
    });
    const r = await cli(
      [
        "run",
        "image-classification",
        "-e",
        mock.url,
        "-i",
        `${input.origin}/missing.png`,
        "-H",
        "X-Api-Key: k-9876543210",
      ],
      { env: DIRECT },
    );
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`cannot download --input from ${input.host}: HTTP 404`);
    expect(r.stderr).not.toContain("PRIVATE");
    expect(Object.keys(input.seen[0]!.headers).filter((h) => !FETCH_OWN.includes(h))).toEqual([]);
    expect(mock.requests).toHaveLength(0);
  });

  it("a redirect to another origin is followed by hand, carrying no token, --header or cookie", async () => {
    const target = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(PNG);
    });
    const start = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.origin}/files/cat.png`, "set-cookie": "session=s-1234567890" });
      res.end();
    });
    const r = await cli(
      [
        "run",
        "image-classification",
        "-e",
        `${mock.url}/image-classification`,
        "-i",
        `${start.origin}/cat`,
        "-H",
        "X-Custom: c-42",
        "--no-retry",
      ],
      { env: DIRECT },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(start.seen.map((s) => [s.method, s.url])).toEqual([["GET", "/cat"]]);
    expect(target.seen.map((s) => [s.method, s.url])).toEqual([["GET", "/files/cat.png"]]);
    for (const { headers } of [...start.seen, ...target.seen]) {
      expect(Object.keys(headers).filter((h) => !FETCH_OWN.includes(h))).toEqual([]);
      expect(headers["user-agent"]).toMatch(/^unified-inference\//);
    }
    // The downloaded bytes are what the endpoint got, with their content type.
    expect(mock.requests).toHaveLength(1);
    expect(Buffer.from(mock.requests[0]!.bytes).equals(PNG)).toBe(true);
    expect(mock.requests[0]!.headers["content-type"]).toBe("image/png");
  });

  it("from a public URL, a redirect to a loopback host is refused (the library's rule): exit 2, nothing fetched there", async () => {
    const inside = await serve((_req, res) => res.end("internal"));
    const insideHttps = inside.origin.replace("http:", "https:");
    mock.on("https://files.example.com/cat.png", { status: 302, headers: { location: `${insideHttps}/metadata` } });
    const r = await cli([
      "run",
      "image-classification",
      "-m",
      CLASSIFY_MODEL,
      "-i",
      "https://files.example.com/cat.png",
    ]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(
      `cannot download --input from files.example.com: redirected to ${inside.host}, which is not followed: a loopback, private or link-local address`,
    );
    // Through the proxy, only the download itself was sent: not the redirect, not the call.
    expect(mock.requests.map((q) => q.url)).toEqual(["https://files.example.com/cat.png"]);
    expect(inside.seen).toHaveLength(0);
  });

  it("--max-input-bytes must be a whole number of at least 1, checked before anything is sent", async () => {
    for (const bad of ["0", "1MB", "-5"]) {
      const r = await cli([
        "run",
        "image-classification",
        "-m",
        CLASSIFY_MODEL,
        "-i",
        "https://files.example.com/cat.png",
        "--max-input-bytes",
        bad,
      ]);
      expect(r.code, bad).toBe(EXIT.usage);
      expect(r.stderr, bad).toContain("--max-input-bytes");
    }
    expect(mock.requests).toHaveLength(0);
  });
});

describe("help", () => {
  it("--help documents the exit codes; run --help lists every task", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(EXIT.ok);
    for (const code of Object.values(EXIT)) expect(help.stdout).toMatch(new RegExp(`^  ${code}\\b`, "m"));
    const run = await cli(["run", "--help"]);
    expect(run.code).toBe(EXIT.ok);
    for (const name of Object.keys(TASKS)) expect(run.stdout).toContain(`  ${name} `);
    const one = await cli(["run", "zero-shot-classification", "--help"]);
    expect(one.stdout).toContain("--labels <a,b,c>");
    const chat = await cli(["chat", "--help"]);
    expect(chat.code).toBe(EXIT.ok);
    expect(chat.stdout).toMatch(/^Usage: unified-inference chat /);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("run table", () => {
  it("has an entry for every task function the library exports", () => {
    const functions = Object.entries(tasks)
      .filter(([name, v]) => typeof v === "function" && !name.endsWith("Stream"))
      .map(([name]) => name)
      .filter((name) => name !== "request" && name !== "streamingRequest");
    expect(functions.length).toBeGreaterThan(3);
    const missing = functions.filter((name) => !findTask(name));
    expect(missing).toEqual([]);
    for (const name of functions) expect(findTask(name)![1].fn).toBe((tasks as Record<string, unknown>)[name]);
  });
});

describe("every run task, in process", () => {
  // Sample command lines for every task; each is turned into arguments by the task's entry and run with the
  // library against the mock (in process, with job polls sped up), so a wrong entry fails here.
  const SAMPLES: Record<string, { argv: string[]; media?: boolean }> = {
    "chat-completion": { argv: ["Hello", "--system", "Be brief"] },
    "text-generation": { argv: ["Once upon a time"] },
    "feature-extraction": { argv: ["one", "two"] },
    "sentence-similarity": { argv: ["a cat", "a dog", "a car"] },
    "fill-mask": { argv: ["The goal of life is [MASK]."] },
    summarization: { argv: ["A long text to summarize."] },
    translation: { argv: ["Bonjour"] },
    "text-classification": { argv: ["I like you"] },
    "token-classification": { argv: ["My name is Sarah"] },
    "zero-shot-classification": { argv: ["I want a refund", "--labels", "refund, praise"] },
    "question-answering": { argv: ["What is my name?", "--context", "My name is Clara"] },
    "table-question-answering": { argv: ["How many rows?", "--table", "TABLE"] },
    "image-classification": { argv: ["-i", "PNG"] },
    "object-detection": { argv: ["-i", "PNG"] },
    "image-segmentation": { argv: ["-i", "PNG"] },
    "image-to-text": { argv: ["-i", "PNG"] },
    "zero-shot-image-classification": { argv: ["-i", "PNG", "--labels", "cat,dog"] },
    "text-to-image": { argv: ["A red fox"], media: true },
    "image-to-image": { argv: ["-i", "PNG", "Make it snow"], media: true },
    "image-text-to-image": { argv: ["Add a hat"], media: true },
    "visual-question-answering": { argv: ["-i", "PNG", "How many cats?"] },
    "document-question-answering": { argv: ["-i", "PNG", "What is the invoice number?"] },
    "text-to-video": { argv: ["A cat playing piano"], media: true },
    "image-to-video": { argv: ["-i", "PNG", "The cat turns its head"], media: true },
    "image-text-to-video": { argv: ["Waves rolling in"], media: true },
    "automatic-speech-recognition": { argv: ["-i", "WAV"] },
    "audio-classification": { argv: ["-i", "WAV"] },
    "audio-to-audio": { argv: ["-i", "WAV"] },
    "text-to-speech": { argv: ["Hello world"], media: true },
    "text-to-audio": { argv: ["A drum loop"], media: true },
    "tabular-classification": { argv: ["--table", "TABLE"] },
    "tabular-regression": { argv: ["--table", "TABLE"] },
  };

  it("has a sample for every task", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(TASKS).sort());
  });

  it.each(Object.keys(SAMPLES))("%s", async (name) => {
    const files = { PNG: join(work, "sample.png"), WAV: join(work, "sample.wav"), TABLE: join(work, "sample.csv") };
    writeFileSync(files.PNG, PNG);
    writeFileSync(files.WAV, wav());
    writeFileSync(files.TABLE, "a,b\n1,2\n3,4\n");
    const entry = TASKS[name]!;
    const sample = SAMPLES[name]!;
    const argv = sample.argv.map((a) => (a in files ? files[a as keyof typeof files] : a));
    const { opts, positionals } = parseArgs(argv, [...RUN_OPTIONS, ...(entry.options ?? [])]);
    const inputs = new CommandLineInputs(positionals, opts, contextFrom({}, {}), new AbortController().signal);
    const task = name === "chat-completion" ? "conversational" : name;
    const model = `org/${name}`;
    // A provider per kind of task: fal-ai runs media generation as a queued job, hf-inference the rest.
    const provider =
      sample.media && name !== "text-to-image" ? "fal-ai" : name === "chat-completion" ? "together" : "hf-inference";
    mock.mapModel(model, [{ provider, providerId: provider === "fal-ai" ? `fal-ai/${name}` : model, task }]);
    const args = { model, provider, accessToken: TOKEN, ...(await entry.args(inputs)) };
    const waits = fastWaits({ poll: 0.01 });
    try {
      const raw = await entry.fn(args, { fetch: mock.fetch, maxRetries: 0 });
      const result = entry.output ? entry.output(raw) : raw;
      if (sample.media) {
        expect(result).toBeInstanceOf(Blob);
        expect((result as Blob).size).toBeGreaterThan(0);
      } else {
        expect(result).not.toBeInstanceOf(Blob);
        expect(result === null || typeof result === "object" || typeof result === "string").toBe(true);
      }
    } finally {
      waits.restore();
    }
  });
});

/** A tiny WAV file: 16 kHz mono 16-bit PCM, 8 silent samples. */
function wav(): Buffer {
  const b = Buffer.alloc(44 + 16);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + 16, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16000, 24);
  b.writeUInt32LE(32000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(16, 40);
  return b;
}

describe("pieces", () => {
  it("progress: one line per change without a terminal, one rewritten line on a terminal, nothing when quiet", () => {
    const events = [
      { status: "IN_QUEUE", queuePosition: 3, polls: 0, elapsedMs: 0 },
      { status: "IN_QUEUE", queuePosition: 3, polls: 1, elapsedMs: 500 },
      { status: "IN_QUEUE", queuePosition: 1, polls: 2, elapsedMs: 1250 },
      { status: "IN_PROGRESS", logs: ["step 1"], polls: 3, elapsedMs: 2000 },
    ];
    let text = "";
    const plain = createProgress({ write: (s: string) => (text += s) });
    for (const e of events) plain.onProgress(e);
    plain.onRetry({ attempt: 1, delayMs: 1500, status: 503, error: new Error("x") });
    plain.done();
    expect(text).toBe(
      [
        "unified-inference: IN_QUEUE, queue position 3, 0.0s",
        "unified-inference: IN_QUEUE, queue position 1, 1.3s",
        "unified-inference: log: step 1",
        "unified-inference: IN_PROGRESS, 2.0s",
        "unified-inference: retrying in 1.5s (attempt 1, HTTP 503)",
        "",
      ].join("\n"),
    );
    let tty = "";
    const live = createProgress({ write: (s: string) => (tty += s), isTTY: true });
    live.onProgress(events[0]!);
    live.onProgress(events[2]!);
    live.done();
    expect(tty).toBe(
      "\r\x1b[Kunified-inference: IN_QUEUE, queue position 3, 0.0s\r\x1b[Kunified-inference: IN_QUEUE, queue position 1, 1.3s\n",
    );
    let quiet = "";
    const q = createProgress({ write: (s: string) => (quiet += s) }, { quiet: true });
    for (const e of events) q.onProgress(e);
    expect(quiet).toBe("");
  });

  it("arguments: long, short, grouped and negated options, --, and params as JSON", () => {
    const specs = [
      { name: "model", short: "m", kind: "value", help: "" },
      { name: "quiet", short: "q", kind: "flag", help: "" },
      { name: "stream", kind: "flag", help: "" },
      { name: "param", short: "P", kind: "list", help: "" },
    ] as const;
    const p = parseArgs(
      ["-qm", "org/x", "--param=a=1", "-P", "b.c=[1,2]", "--no-stream", "text", "--", "--model"],
      [...specs],
    );
    expect(p.opts).toEqual({ quiet: true, model: "org/x", param: ["a=1", "b.c=[1,2]"], stream: false });
    expect(p.positionals).toEqual(["text", "--model"]);
    expect(parseParams(["a=1", "b.c=[1,2]", "s=hello", "t=true", 'u="2"'])).toEqual({
      a: 1,
      b: { c: [1, 2] },
      s: "hello",
      t: true,
      u: "2",
    });
    expect(() => parseParams(["__proto__.x=1"])).toThrow(/invalid key/);
    expect(parseDuration("90", "timeout")).toBe(90_000);
    expect(parseDuration("500ms", "timeout")).toBe(500);
    expect(parseDuration("2m", "timeout")).toBe(120_000);
    expect(() => parseDuration("soon", "timeout")).toThrow(/duration/);
  });

  it("tables from CSV and JSON", () => {
    expect(parseCsv('a,b\n1,"x, ""y"""\r\n2,\n')).toEqual([
      ["a", "b"],
      ["1", 'x, "y"'],
      ["2", ""],
    ]);
    expect(parseTable("h1,h2\n1,2\n3,4\n", "t.csv")).toEqual({ h1: ["1", "3"], h2: ["2", "4"] });
    expect(parseTable('[{"a":1,"b":"x"},{"a":2}]', "t.json")).toEqual({ a: ["1", "2"], b: ["x", ""] });
    expect(parseTable('{"a":["1"],"b":["2"]}', "t.json")).toEqual({ a: ["1"], b: ["2"] });
    expect(() => parseTable('{"a":["1"],"b":[]}', "t.json")).toThrow(/different lengths/);
  });

  it("exit codes and error lines", () => {
    const api = new InferenceClientProviderApiError(
      "Provider groq returned HTTP 503 for model m: busy",
      { url: "https://x", method: "POST" },
      { requestId: "r1", status: 503, body: "busy" },
      { provider: "groq", model: "m", providerMessage: `busy, key ${TOKEN}` },
    );
    expect(exitCodeOf(api)).toBe(EXIT.provider);
    expect(formatError(api, { secrets: [TOKEN] })).toBe(
      "unified-inference: provider error: provider=groq model=m status=503 request-id=r1: busy, key [redacted]",
    );
    expect(exitCodeOf(new InferenceClientTimeoutError("idle", 10))).toBe(EXIT.timeout);
    expect(exitCodeOf(new TypeError("bug"))).toBe(EXIT.unexpected);
    expect(formatError(new Error("two\nlines"))).toBe("unified-inference: unexpected error: two lines");
  });

  it("file extensions by content type, and the proxy fetch keeps the URL meant", async () => {
    expect(extensionFor("image/png")).toBe("png");
    expect(extensionFor("audio/mpeg")).toBe("mp3");
    expect(extensionFor("video/mp4; codecs=avc1")).toBe("mp4");
    expect(extensionFor("application/octet-stream")).toBe("bin");
    const seen: { url: string; forwarded: string | null }[] = [];
    const f = proxyFetch("http://127.0.0.1:9/", async (input, init) => {
      seen.push({ url: String(input), forwarded: new Headers(init?.headers).get("x-mock-forwarded-url") });
      return new Response("ok");
    });
    await f("https://api.together.xyz/v1/chat/completions?x=1", { headers: { a: "b" } });
    await f("http://127.0.0.1:9/direct");
    expect(seen).toEqual([
      {
        url: "http://127.0.0.1:9/v1/chat/completions?x=1",
        forwarded: "https://api.together.xyz/v1/chat/completions?x=1",
      },
      { url: "http://127.0.0.1:9/direct", forwarded: null },
    ]);
  });
});
