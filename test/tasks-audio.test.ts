/**
 * Audio tasks on every provider that serves them, against the mock provider on loopback: the exact
 * request (URL, method, headers, body: raw bytes, multipart fields and file, data URLs, JSON), the parsed
 * output, the job flows (fal queue, replicate predictions) and media downloads, and input errors raised
 * before any request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  audioToAudio,
  automaticSpeechRecognition,
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  textToAudio,
  textToSpeech,
  type JobProgress,
} from "../src/index.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { parseMultipart, wav } from "../src/testing/audio-bodies.js";
import { useFastWaits } from "./support/waits.js";
import { fixtureBytes, fixtureJson } from "./support/fixtures.js";
import { inferenceRequests } from "./support/loopback.js";
import { bytesOf } from "./support/media.js";
import { HF_TOKEN as HF } from "./support/tokens.js";

const fixture = (name: string) => fixtureBytes(`audio/${name}`);
const json = (name: string) => fixtureJson(`audio/${name}`);

const WAV = fixture("speech.wav");
const MP3 = fixture("silence.mp3");
const wavBlob = () => new Blob([WAV], { type: "audio/wav" });

const KEYS = {
  together: "tgp_v1_audio_test_key",
  deepinfra: "di_audio_test_key",
  "fal-ai": "fal_audio_test_key:secret",
  replicate: "r8_audio_test_key",
} as const;

const ROUTER = "https://router.huggingface.co";
const UA = /^unified-inference\/\d/;

/**
 * One call routed (hf_ token, through the router) and direct (the provider's own key), as a table for
 * `it.each`: [mode, token, URL, Authorization].
 */
const routes = (
  provider: keyof typeof KEYS,
  routedPath: string,
  directUrl: string,
  scheme = "Bearer",
): [string, string, string, string][] => [
  ["routed", HF, `${ROUTER}/${provider}${routedPath}`, `Bearer ${HF}`],
  ["direct", KEYS[provider], directUrl, `${scheme} ${KEYS[provider]}`],
];
/** fal's queue, routed and direct: [mode, token, base URL, query kept on every URL, Authorization]. */
const FAL_QUEUE: [string, string, string, string, string][] = [
  ["routed", HF, `${ROUTER}/fal-ai`, "?_subdomain=queue", `Bearer ${HF}`],
  ["direct", KEYS["fal-ai"], "https://queue.fal.run", "", `Key ${KEYS["fal-ai"]}`],
];

const WHISPER = "openai/whisper-large-v3";
const REPLICATE_WHISPER = "openai/whisper:8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e";
const KOKORO = "hexgrad/Kokoro-82M";
const ORPHEUS = "canopylabs/orpheus-3b-0.1-ft";
const MMS = "facebook/mms-tts-eng";
const MUSICGEN = "facebook/musicgen-small";
const STABLE_AUDIO = "stabilityai/stable-audio-open-1.0";
const SEPFORMER = "speechbrain/sepformer-wham";
const ACE_STEP = "ACE-Step/ACE-Step-v1-3.5B";

let mock: MockProvider;

// Jobs poll in milliseconds here; the delays themselves are the job runner's concern.
useFastWaits({ poll: 0.01 }, "all");
beforeAll(async () => {
  mock = await startMockProvider();
  const asr = "automatic-speech-recognition";
  mock.mapModel(WHISPER, [
    { provider: "hf-inference", providerId: WHISPER, task: asr },
    { provider: "together", providerId: WHISPER, task: asr },
    { provider: "deepinfra", providerId: WHISPER, task: asr },
    { provider: "fal-ai", providerId: "fal-ai/whisper", task: asr },
    { provider: "replicate", providerId: REPLICATE_WHISPER, task: asr },
  ]);
  mock.mapModel(KOKORO, [
    { provider: "together", providerId: KOKORO, task: "text-to-speech" },
    { provider: "deepinfra", providerId: KOKORO, task: "text-to-speech" },
    { provider: "fal-ai", providerId: "fal-ai/kokoro/american-english", task: "text-to-speech" },
    { provider: "replicate", providerId: "jaaari/kokoro-82m", task: "text-to-speech" },
  ]);
  mock.mapModel(ORPHEUS, [
    { provider: "together", providerId: "canopylabs/orpheus-3b-0.1-ft", task: "text-to-speech" },
  ]);
  mock.mapModel(MMS, [{ provider: "hf-inference", providerId: MMS, task: "text-to-speech" }]);
  mock.mapModel(MUSICGEN, [{ provider: "hf-inference", providerId: MUSICGEN, task: "text-to-audio" }]);
  mock.mapModel(STABLE_AUDIO, [{ provider: "fal-ai", providerId: "fal-ai/stable-audio", task: "text-to-audio" }]);
  mock.mapModel(SEPFORMER, [{ provider: "hf-inference", providerId: SEPFORMER, task: "audio-to-audio" }]);
  mock.mapModel(ACE_STEP, [
    { provider: "fal-ai", providerId: "fal-ai/ace-step/audio-to-audio", task: "audio-to-audio" },
  ]);
});

afterAll(async () => {
  await mock.close();
});

beforeEach(() => mock.reset());

/** Requests to anything but the Hub (inference, polls, downloads), in order. */
const sent = (): MockRequest[] => inferenceRequests(mock);
const only = (): MockRequest => {
  const reqs = sent();
  expect(reqs).toHaveLength(1);
  return reqs[0]!;
};
const client = (token: string) => new InferenceClient(token, { fetch: mock.fetch });
const formOf = (req: MockRequest) =>
  new Response(req.bytes as BlobPart, { headers: { "content-type": req.headers["content-type"]! } }).formData();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function expectAuth(req: MockRequest, value: string | undefined) {
  expect(req.headers.authorization).toBe(value);
  expect(req.headers["user-agent"]).toMatch(UA);
}

async function expectNoRequest(call: () => Promise<unknown>, message: RegExp) {
  mock.reset();
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InferenceClientInputError);
  expect((err as Error).message).toMatch(message);
  expect(mock.requests).toHaveLength(0);
}

// -------------------------------------------------------------------------------------------------
describe("automaticSpeechRecognition", () => {
  describe("hf-inference", () => {
    it("sends the raw bytes with their content type through the router", async () => {
      const out = await client(HF).automaticSpeechRecognition({
        model: WHISPER,
        provider: "hf-inference",
        inputs: wavBlob(),
      });
      const req = only();
      expect(req.method).toBe("POST");
      expect(req.url).toBe(`${ROUTER}/hf-inference/models/${WHISPER}`);
      expectAuth(req, `Bearer ${HF}`);
      expect(req.headers["content-type"]).toBe("audio/wav");
      expect(new Uint8Array(req.bytes)).toEqual(WAV);
      expect(out).toEqual({ text: expect.stringContaining(`Mock transcript of audio/wav (${WAV.length} bytes).`) });
      expect(out.chunks).toBeUndefined();
    });

    it("types bytes given as ArrayBuffer, Uint8Array, untyped Blob or legacy data from their content", async () => {
      const inputs = [
        { inputs: WAV.slice().buffer },
        { inputs: WAV },
        { inputs: new Blob([WAV]) },
        { data: WAV.slice().buffer },
        { data: new Blob([MP3]) },
      ];
      for (const i of inputs) {
        mock.reset();
        await automaticSpeechRecognition({ accessToken: HF, model: WHISPER, provider: "hf-inference", ...i } as never, {
          fetch: mock.fetch,
        });
        const req = only();
        const mp3 = "data" in i && i.data instanceof Blob;
        expect(req.headers["content-type"]).toBe(mp3 ? "audio/mpeg" : "audio/wav");
        expect(new Uint8Array(req.bytes)).toEqual(mp3 ? MP3 : WAV);
      }
    });

    it("sends JSON {inputs: base64, parameters} when parameters are given, and returns chunks", async () => {
      const out = await client(HF).automaticSpeechRecognition({
        model: WHISPER,
        provider: "hf-inference",
        inputs: wavBlob(),
        parameters: { return_timestamps: true },
      });
      const req = only();
      expect(req.headers["content-type"]).toBe("application/json");
      expect(req.json).toEqual({ inputs: b64(WAV), parameters: { return_timestamps: true } });
      expect(out.text).toContain("Mock transcript of base64 audio");
      expect(out.chunks).toEqual([
        { text: expect.stringContaining("He hoped"), timestamp: [0, 2.48] },
        { text: " turnips and carrots and bruised potatoes.", timestamp: [2.48, 4.96] },
      ]);
    });

    it("goes to an endpoint URL with the bytes", async () => {
      const endpointUrl = `${mock.url}/automatic-speech-recognition`;
      const out = await client(HF).endpoint(endpointUrl).automaticSpeechRecognition({ inputs: wavBlob() });
      const req = only();
      expect(req.url).toBe(endpointUrl);
      expect(new Uint8Array(req.bytes)).toEqual(WAV);
      expect(out.text).toContain("Mock transcript");
    });

    it("rejects a URL before any request", async () => {
      await expectNoRequest(
        () =>
          client(HF).automaticSpeechRecognition({
            model: WHISPER,
            provider: "hf-inference",
            inputs: "https://example.com/a.wav",
          }),
        /inputs must be the media bytes.*hf-inference/,
      );
    });
  });

  describe("together", () => {
    it.each(routes("together", "/v1/audio/transcriptions", "https://api.together.xyz/v1/audio/transcriptions"))(
      "uploads multipart/form-data (%s)",
      async (_mode, token, url, auth) => {
        const out = await client(token).automaticSpeechRecognition({
          model: WHISPER,
          provider: "together",
          inputs: wavBlob(),
          parameters: { language: "en", temperature: 0, timestamp_granularities: ["segment"] },
        });
        const req = only();
        expect(req.method).toBe("POST");
        expect(req.url).toBe(url);
        expectAuth(req, auth);
        expect(req.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
        const form = await formOf(req);
        const file = form.get("file") as File;
        expect(file.name).toBe("audio.wav");
        expect(file.type).toBe("audio/wav");
        expect(await bytesOf(file)).toEqual(WAV);
        expect([...form.keys()]).toEqual(["file", "language", "temperature", "timestamp_granularities", "model"]);
        expect(form.get("model")).toBe(WHISPER);
        expect(form.get("language")).toBe("en");
        expect(form.get("temperature")).toBe("0");
        expect(form.getAll("timestamp_granularities")).toEqual(["segment"]);
        expect(out).toEqual({ text: expect.stringContaining("Mock transcript of audio.wav, audio/wav (844 bytes)") });
      },
    );

    it("names the file from the sniffed type of untyped bytes", async () => {
      await client(HF).automaticSpeechRecognition({ model: WHISPER, provider: "together", inputs: MP3 });
      const file = (await formOf(only())).get("file") as File;
      expect(file.name).toBe("audio.mp3");
      expect(file.type).toBe("audio/mpeg");
      expect(await bytesOf(file)).toEqual(MP3);
    });

    it("sends an http(s) URL as the file field", async () => {
      const out = await client(KEYS.together).automaticSpeechRecognition({
        model: WHISPER,
        provider: "together",
        inputs: "https://example.com/speech.mp3",
      });
      const form = await formOf(only());
      expect(form.get("file")).toBe("https://example.com/speech.mp3");
      expect(parseMultipart(only())!.find((p) => p.name === "file")).toMatchObject({
        text: "https://example.com/speech.mp3",
      });
      expect(out.text).toContain("https://example.com/speech.mp3");
    });

    it("maps verbose_json segments to chunks", async () => {
      mock.once("/v1/audio/transcriptions", { json: json("together-verbose-json.json") });
      const out = await client(HF).automaticSpeechRecognition({
        model: WHISPER,
        provider: "together",
        inputs: wavBlob(),
      });
      expect(out).toEqual({
        text: "He hoped there would be stew for dinner.",
        chunks: [{ text: "He hoped there would be stew for dinner.", timestamp: [0, 6.1] }],
      });
    });
  });

  describe("deepinfra", () => {
    it.each(
      routes(
        "deepinfra",
        "/v1/openai/audio/transcriptions",
        "https://api.deepinfra.com/v1/openai/audio/transcriptions",
      ),
    )("uploads multipart/form-data (%s)", async (_mode, token, url, auth) => {
      const webm = new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4])], {
        type: "audio/webm;codecs=opus",
      });
      const out = await client(token).automaticSpeechRecognition({
        model: WHISPER,
        provider: "deepinfra",
        inputs: webm,
        parameters: { response_format: "verbose_json" },
      });
      const req = only();
      expect(req.url).toBe(url);
      expectAuth(req, auth);
      const form = await formOf(req);
      const file = form.get("file") as File;
      expect(file.name).toBe("audio.webm");
      expect(file.size).toBe(8);
      expect(form.get("response_format")).toBe("verbose_json");
      expect(form.get("model")).toBe(WHISPER);
      expect(out.text).toContain("audio.webm");
      expect(out.chunks).toHaveLength(2);
      expect(out.chunks![1]).toEqual({ text: " turnips and carrots and bruised potatoes.", timestamp: [2.48, 4.96] });
    });

    it("reads a plain-text answer (response_format: text)", async () => {
      const out = await client(HF).automaticSpeechRecognition({
        model: WHISPER,
        provider: "deepinfra",
        data: WAV,
        parameters: { response_format: "text" },
      });
      expect(out).toEqual({ text: expect.stringMatching(/^Mock transcript of audio\.wav/) });
    });

    it("rejects a URL before any request", async () => {
      await expectNoRequest(
        () =>
          client(KEYS.deepinfra).automaticSpeechRecognition({
            model: WHISPER,
            provider: "deepinfra",
            inputs: "https://example.com/a.wav",
          }),
        /provider deepinfra.*only together, fal-ai and replicate accept an http\(s\) URL/,
      );
    });
  });

  describe("fal-ai", () => {
    it.each(routes("fal-ai", "/fal-ai/whisper", "https://fal.run/fal-ai/whisper", "Key"))(
      "posts {audio_url: data URL} to the synchronous API (%s)",
      async (_mode, token, url, auth) => {
        const out = await client(token).automaticSpeechRecognition({
          model: WHISPER,
          provider: "fal-ai",
          inputs: wavBlob(),
          parameters: { task: "transcribe", chunk_level: "segment" },
        });
        const req = only();
        expect(req.method).toBe("POST");
        expect(req.url).toBe(url);
        expectAuth(req, auth);
        expect(req.headers["content-type"]).toBe("application/json");
        // fal decodes wav only under the label audio/x-wav.
        expect(req.json).toEqual({
          task: "transcribe",
          chunk_level: "segment",
          audio_url: `data:audio/x-wav;base64,${b64(WAV)}`,
        });
        expect(out.text).toContain("Mock transcript of audio/x-wav audio (844 bytes)");
        expect(out.chunks).toEqual([
          { text: expect.stringContaining("He hoped"), timestamp: [0, 2.48] },
          { text: " turnips and carrots and bruised potatoes.", timestamp: [2.48, 4.96] },
        ]);
      },
    );

    it("relabels webm and mp3 as fal decodes them, and passes URLs through", async () => {
      const cases: [unknown, string][] = [
        [new Blob([MP3], { type: "audio/mp3" }), `data:audio/mpeg;base64,${b64(MP3)}`],
        [new Blob([MP3]), `data:audio/mpeg;base64,${b64(MP3)}`],
        [new Blob([WAV], { type: "audio/webm;codecs=opus" }), `data:video/webm;base64,${b64(WAV)}`],
        ["https://example.com/talk.ogg", "https://example.com/talk.ogg"],
      ];
      for (const [inputs, audioUrl] of cases) {
        mock.reset();
        await client(HF).automaticSpeechRecognition({ model: WHISPER, provider: "fal-ai", inputs } as never);
        expect(only().json).toEqual({ audio_url: audioUrl });
      }
    });

    it("rejects an audio type fal cannot decode before any request, listing the accepted ones", async () => {
      await expectNoRequest(
        () =>
          client(HF).automaticSpeechRecognition({
            model: WHISPER,
            provider: "fal-ai",
            inputs: new Blob([WAV], { type: "audio/ogg" }),
          }),
        /does not support blob type audio\/ogg - supported content types are: audio\/mpeg, audio\/mp3, audio\/wav, audio\/wave, audio\/x-wav, audio\/webm, video\/webm \(inputs is audio\/ogg audio, which provider fal-ai does not decode\)/,
      );
    });

    it("reads {output, segments} answers", async () => {
      mock.once("/fal-ai/whisper", { json: json("fal-output-segments.json") });
      const out = await client(HF).automaticSpeechRecognition({
        model: WHISPER,
        provider: "fal-ai",
        inputs: wavBlob(),
      });
      expect(out).toEqual({
        text: "He hoped there would be stew for dinner.",
        chunks: [
          { text: "He hoped there would be", timestamp: [0, 2.1] },
          { text: "stew for dinner.", timestamp: [2.1, 0] },
        ],
      });
    });
  });

  describe("replicate", () => {
    it.each(routes("replicate", "/v1/predictions", "https://api.replicate.com/v1/predictions"))(
      "creates a prediction with the audio as a data URL (%s)",
      async (_mode, token, url, auth) => {
        const out = await client(token).automaticSpeechRecognition({
          model: WHISPER,
          provider: "replicate",
          inputs: wavBlob(),
          parameters: { language: "en" },
        });
        const req = only();
        expect(req.method).toBe("POST");
        expect(req.url).toBe(url);
        expectAuth(req, auth);
        expect(req.headers.prefer).toBe("wait");
        expect(req.headers["content-type"]).toBe("application/json");
        expect(req.json).toEqual({
          input: { language: "en", audio: `data:audio/wav;base64,${b64(WAV)}` },
          version: REPLICATE_WHISPER.split(":")[1],
        });
        expect(out.text).toContain("Mock transcript of audio/wav audio (844 bytes)");
        expect(out.chunks).toHaveLength(2);
      },
    );

    it("polls a prediction that is still processing, under the router", async () => {
      const progress: JobProgress[] = [];
      const out = await client(HF).automaticSpeechRecognition(
        { model: WHISPER, provider: "replicate", inputs: wavBlob() },
        { headers: { Prefer: "respond-async" }, onProgress: (p) => progress.push(p) },
      );
      const [submit, poll, ...rest] = sent();
      expect(rest).toHaveLength(0);
      expect(submit!.url).toBe(`${ROUTER}/replicate/v1/predictions`);
      const id = /predictions\/(\w+)$/.exec(poll!.url)![1];
      expect(poll!.method).toBe("GET");
      expect(poll!.url).toBe(`${ROUTER}/replicate/v1/predictions/${id}`);
      expect(poll!.headers.authorization).toBe(`Bearer ${HF}`);
      expect(out.text).toContain("Mock transcript");
      expect(progress.map((p) => p.status)).toEqual(["processing", "succeeded"]);
    });

    it("reads the output shapes of whisper models", async () => {
      const shapes: [unknown, unknown][] = [
        [
          json("replicate-whisper-output.json"),
          {
            text: " He hoped there would be stew for dinner, turnips and carrots and bruised potatoes.",
            chunks: [
              { text: " He hoped there would be stew for dinner,", timestamp: [0, 3.2] },
              { text: " turnips and carrots and bruised potatoes.", timestamp: [3.2, 6.1] },
            ],
          },
        ],
        [json("replicate-fast-whisper-output.json"), json("replicate-fast-whisper-output.json")],
        ["plain text", { text: "plain text" }],
        [["tokens ", "joined"], { text: "tokens joined" }],
      ];
      for (const [output, expected] of shapes) {
        mock.once("/v1/predictions", { status: 201, json: { id: "p1", status: "succeeded", output } });
        const out = await client(HF).automaticSpeechRecognition({
          model: WHISPER,
          provider: "replicate",
          inputs: wavBlob(),
        });
        expect(out).toEqual(expected);
      }
    });

    it("fails with the prediction's error", async () => {
      mock.once("/v1/predictions", { status: 201, json: { id: "p2", status: "failed", error: "CUDA out of memory" } });
      await expect(
        client(HF).automaticSpeechRecognition({ model: WHISPER, provider: "replicate", inputs: wavBlob() }),
      ).rejects.toThrow(/status failed: CUDA out of memory/);
    });
  });

  it("rejects missing or wrong inputs before any request, naming the field", async () => {
    await expectNoRequest(
      () => client(HF).automaticSpeechRecognition({ model: WHISPER, provider: "together" } as never),
      /inputs is required: a Blob, ArrayBuffer or Uint8Array or an http\(s\) URL \(or the legacy `data` field\)/,
    );
    await expectNoRequest(
      () => client(HF).automaticSpeechRecognition({ model: WHISPER, inputs: "not audio" } as never),
      /inputs must be a Blob, ArrayBuffer or Uint8Array or an http\(s\) URL, got the string "not audio"/,
    );
    await expectNoRequest(
      () => client(HF).automaticSpeechRecognition({ model: WHISPER, inputs: wavBlob(), parameters: [] } as never),
      /parameters must be an object/,
    );
  });

  it("rejects an answer without text", async () => {
    mock.once("/hf-inference/models/", { json: { transcript: "nope" } });
    await expect(
      client(HF).automaticSpeechRecognition({ model: WHISPER, provider: "hf-inference", inputs: wavBlob() }),
    ).rejects.toThrow(InferenceClientProviderOutputError);
  });

  it("picks the first live provider of the mapping with provider auto", async () => {
    const out = await client(HF).automaticSpeechRecognition({ model: WHISPER, inputs: wavBlob() });
    expect(only().url).toBe(`${ROUTER}/hf-inference/models/${WHISPER}`);
    expect(out.text).toContain("Mock transcript");
  });
});

// -------------------------------------------------------------------------------------------------
describe("textToSpeech", () => {
  it("hf-inference: JSON {inputs, parameters}, audio bytes back with their type", async () => {
    const audio = await client(HF).textToSpeech({
      model: MMS,
      provider: "hf-inference",
      inputs: "Hello",
      parameters: { do_sample: false },
    });
    const req = only();
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`${ROUTER}/hf-inference/models/${MMS}`);
    expectAuth(req, `Bearer ${HF}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.json).toEqual({ inputs: "Hello", parameters: { do_sample: false } });
    expect(audio).toBeInstanceOf(Blob);
    expect(audio.type).toBe("audio/wav");
    expect(await bytesOf(audio)).toEqual(wav(128));
  });

  describe("together", () => {
    it.each(routes("together", "/v1/audio/speech", "https://api.together.xyz/v1/audio/speech"))(
      "posts {input, model, voice} with the Kokoro default voice (%s)",
      async (_mode, token, url, auth) => {
        const audio = await client(token).textToSpeech({
          model: KOKORO,
          provider: "together",
          inputs: "Hello world",
          parameters: { speed: 1.2 },
        });
        const req = only();
        expect(req.url).toBe(url);
        expectAuth(req, auth);
        expect(req.headers["content-type"]).toBe("application/json");
        expect(req.json).toEqual({ speed: 1.2, input: "Hello world", model: KOKORO, voice: "af_alloy" });
        expect(audio.type).toBe("audio/wav");
        expect(new TextDecoder().decode((await bytesOf(audio)).slice(0, 4))).toBe("RIFF");
      },
    );

    it("keeps the caller's voice and gives no default to other models", async () => {
      await client(HF).textToSpeech({
        model: KOKORO,
        provider: "together",
        inputs: "Hi",
        parameters: { voice: "af_heart" },
      });
      expect(only().json.voice).toBe("af_heart");
      mock.reset();
      await client(HF).textToSpeech({
        model: ORPHEUS,
        provider: "together",
        inputs: "Hi",
        parameters: { voice: "tara" },
      });
      expect(only().json).toEqual({ voice: "tara", input: "Hi", model: "canopylabs/orpheus-3b-0.1-ft" });
      mock.reset();
      const err = await client(HF)
        .textToSpeech({ model: ORPHEUS, provider: "together", inputs: "Hi" })
        .catch((e: unknown) => e);
      expect(only().json.voice).toBeUndefined();
      expect(err).toBeInstanceOf(InferenceClientProviderApiError);
      expect((err as InferenceClientProviderApiError).httpResponse.status).toBe(400);
      expect((err as Error).message).toMatch(/voice is required/);
    });
  });

  describe("deepinfra", () => {
    it.each(routes("deepinfra", "/v1/openai/audio/speech", "https://api.deepinfra.com/v1/openai/audio/speech"))(
      "posts {input, model} and returns the served mp3 (%s)",
      async (_mode, token, url, auth) => {
        const audio = await client(token).textToSpeech({
          model: KOKORO,
          provider: "deepinfra",
          inputs: "Hello world",
          parameters: { voice: "af_bella", model: "ignored" },
        });
        const req = only();
        expect(req.url).toBe(url);
        expectAuth(req, auth);
        expect(req.json).toEqual({ voice: "af_bella", input: "Hello world", model: KOKORO });
        expect(audio.type).toBe("audio/mpeg");
        expect(await bytesOf(audio)).toEqual(MP3);
      },
    );
  });

  describe("fal-ai", () => {
    it.each(
      routes("fal-ai", "/fal-ai/kokoro/american-english", "https://fal.run/fal-ai/kokoro/american-english", "Key"),
    )(
      "posts {text} synchronously and downloads audio.url without credentials (%s)",
      async (_mode, token, url, auth) => {
        const audio = await client(token).textToSpeech({
          model: KOKORO,
          provider: "fal-ai",
          inputs: "Hello world",
          parameters: { voice: "af_heart" },
        });
        const [req, download, ...rest] = sent();
        expect(rest).toHaveLength(0);
        expect(req!.method).toBe("POST");
        expect(req!.url).toBe(url);
        expectAuth(req!, auth);
        expect(req!.json).toEqual({ voice: "af_heart", text: "Hello world" });
        expect(download!.method).toBe("GET");
        expect(download!.url).toMatch(/^https:\/\/v3\.fal\.media\/files\/mock-audio\/[\w-]+\.wav$/);
        expect(download!.headers.authorization).toBeUndefined();
        expect(audio.type).toBe("audio/wav");
        expect(await bytesOf(audio)).toEqual(wav());
      },
    );

    it("fails when the audio file cannot be downloaded or is not audio", async () => {
      mock.once(/fal\.media/, { status: 404, json: { detail: "Not found" } });
      const err = await client(HF)
        .textToSpeech({ model: KOKORO, provider: "fal-ai", inputs: "Hi" }, { retry_on_error: false })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InferenceClientProviderApiError);
      expect((err as InferenceClientProviderApiError).httpResponse.status).toBe(404);

      mock.once(/fal\.media/, {
        text: "<html><title>Access denied</title></html>",
        headers: { "content-type": "text/html" },
      });
      await expect(client(HF).textToSpeech({ model: KOKORO, provider: "fal-ai", inputs: "Hi" })).rejects.toThrow(
        InferenceClientProviderOutputError,
      );

      mock.once("/fal-ai/kokoro", { json: { audio: { nope: true } } });
      await expect(client(HF).textToSpeech({ model: KOKORO, provider: "fal-ai", inputs: "Hi" })).rejects.toThrow(
        /expected audio bytes/,
      );
    });
  });

  describe("replicate", () => {
    it.each(
      routes(
        "replicate",
        "/v1/models/jaaari/kokoro-82m/predictions",
        "https://api.replicate.com/v1/models/jaaari/kokoro-82m/predictions",
      ),
    )("creates a prediction with input.text and downloads the output (%s)", async (_mode, token, url, auth) => {
      const audio = await client(token).textToSpeech({
        model: KOKORO,
        provider: "replicate",
        inputs: "Hello world",
        parameters: { voice: "af_nicole", speed: 1 },
      });
      const [req, download, ...rest] = sent();
      expect(rest).toHaveLength(0);
      expect(req!.url).toBe(url);
      expectAuth(req!, auth);
      expect(req!.headers.prefer).toBe("wait");
      expect(req!.json).toEqual({ input: { voice: "af_nicole", speed: 1, text: "Hello world" } });
      expect(download!.method).toBe("GET");
      expect(download!.url).toMatch(/^https:\/\/replicate\.delivery\/mock-audio\/\w+\/output\.wav$/);
      expect(download!.headers.authorization).toBeUndefined();
      expect(audio.type).toBe("audio/wav");
      expect((await bytesOf(audio)).length).toBe(wav().length);
    });
  });

  it("rejects a JSON answer where audio was expected", async () => {
    mock.once("/hf-inference/models/", { json: { error: "oops" } });
    await expect(client(HF).textToSpeech({ model: MMS, provider: "hf-inference", inputs: "Hi" })).rejects.toThrow(
      /expected audio bytes \(this answer is a application\/json body\)/,
    );
  });

  it("rejects missing or empty text before any request", async () => {
    await expectNoRequest(
      () => textToSpeech({ accessToken: HF, model: KOKORO, provider: "together" } as never, { fetch: mock.fetch }),
      /inputs must be a non-empty string \(the text to speak\), got nothing/,
    );
    await expectNoRequest(
      () => client(HF).textToSpeech({ model: KOKORO, inputs: "  " }),
      /inputs must be a non-empty string/,
    );
    await expectNoRequest(() => client(HF).textToSpeech({ model: KOKORO, inputs: 42 } as never), /got number/);
  });
});

// -------------------------------------------------------------------------------------------------
describe("textToAudio", () => {
  it("hf-inference: JSON {inputs, parameters}, audio bytes back", async () => {
    const audio = await client(HF).textToAudio({ model: MUSICGEN, provider: "hf-inference", inputs: "lo-fi beat" });
    const req = only();
    expect(req.url).toBe(`${ROUTER}/hf-inference/models/${MUSICGEN}`);
    expectAuth(req, `Bearer ${HF}`);
    expect(req.json).toEqual({ inputs: "lo-fi beat" });
    expect(audio.type).toBe("audio/wav");
    expect(await bytesOf(audio)).toEqual(wav(256));
  });

  it.each(FAL_QUEUE)(
    "fal-ai: submits to the queue, polls, fetches the result and downloads the file (%s)",
    async (_mode, token, base, query, auth) => {
      const progress: JobProgress[] = [];
      const audio = await textToAudio(
        {
          accessToken: token,
          model: STABLE_AUDIO,
          provider: "fal-ai",
          inputs: "128 BPM tech house drum loop",
          parameters: { seconds_total: 5 },
        },
        { fetch: mock.fetch, onProgress: (p) => progress.push(p) },
      );
      const reqs = sent();
      expect(reqs.map((r) => r.method)).toEqual(["POST", "GET", "GET", "GET", "GET"]);
      const [submit, poll1, poll2, result, download] = reqs as [MockRequest, ...MockRequest[]];
      expect(submit.url).toBe(`${base}/fal-ai/stable-audio${query}`);
      expectAuth(submit, auth);
      expect(submit.json).toEqual({ seconds_total: 5, prompt: "128 BPM tech house drum loop" });
      const rid = /requests\/([\w-]+)/.exec(poll1!.url)![1];
      const path = `${base}/fal-ai/stable-audio/requests/${rid}`;
      const statusQuery = query ? "?_subdomain=queue&logs=1" : "?logs=1";
      expect(poll1!.url).toBe(`${path}/status${statusQuery}`);
      expect(poll2!.url).toBe(`${path}/status${statusQuery}`);
      expect(poll1!.headers.authorization).toBe(auth);
      expect(result!.url).toBe(`${path}${query}`);
      expect(result!.headers.authorization).toBe(auth);
      expect(download!.url).toMatch(/^https:\/\/v3\.fal\.media\/files\/mock-audio\//);
      expect(download!.headers.authorization).toBeUndefined();
      expect(progress.map((p) => p.status)).toEqual(["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]);
      expect(progress.flatMap((p) => p.logs ?? [])).toEqual(["Generating audio", "Done"]);
      expect(audio.type).toBe("audio/wav");
      expect(await bytesOf(audio)).toEqual(wav());
    },
  );

  it("fal-ai: a failed job is an output error with fal's reason", async () => {
    mock.on(/\/requests\/[\w-]+\/status/, { json: { status: "COMPLETED", error: "NSFW content detected" } });
    await expect(client(HF).textToAudio({ model: STABLE_AUDIO, provider: "fal-ai", inputs: "drums" })).rejects.toThrow(
      /NSFW content detected/,
    );
  });

  it("rejects a missing prompt before any request", async () => {
    await expectNoRequest(
      () => client(HF).textToAudio({ model: STABLE_AUDIO, provider: "fal-ai" } as never),
      /inputs must be a non-empty string \(the prompt\)/,
    );
  });
});

// -------------------------------------------------------------------------------------------------
describe("audioToAudio", () => {
  it("hf-inference: raw bytes in, [{label, blob, content-type}] out", async () => {
    const out = await client(HF).audioToAudio({ model: SEPFORMER, provider: "hf-inference", inputs: wavBlob() });
    const req = only();
    expect(req.url).toBe(`${ROUTER}/hf-inference/models/${SEPFORMER}`);
    expectAuth(req, `Bearer ${HF}`);
    expect(req.headers["content-type"]).toBe("audio/wav");
    expect(new Uint8Array(req.bytes)).toEqual(WAV);
    expect(out).toEqual([
      { label: "speech_0", blob: b64(wav(32)), "content-type": "audio/wav" },
      { label: "speech_1", blob: b64(wav(32)), "content-type": "audio/wav" },
    ]);
  });

  it("hf-inference: legacy data as an ArrayBuffer", async () => {
    await audioToAudio(
      { accessToken: HF, model: SEPFORMER, provider: "hf-inference", data: WAV.slice().buffer },
      { fetch: mock.fetch },
    );
    expect(only().headers["content-type"]).toBe("audio/wav");
  });

  it.each(FAL_QUEUE)(
    "fal-ai: queued {audio_url}, polled under fal's app id, the file downloaded and base64-encoded (%s)",
    async (_mode, token, base, query, auth) => {
      const out = await client(token).audioToAudio({
        model: ACE_STEP,
        provider: "fal-ai",
        inputs: new Blob([MP3], { type: "audio/mpeg" }),
        parameters: { tags: "lofi" },
      });
      const [submit, poll1, , result, download, ...rest] = sent();
      expect(rest).toHaveLength(0);
      expect(submit!.url).toBe(`${base}/fal-ai/ace-step/audio-to-audio${query}`);
      expectAuth(submit!, auth);
      expect(submit!.json).toEqual({ tags: "lofi", audio_url: `data:audio/mpeg;base64,${b64(MP3)}` });
      // The status and result paths come from response_url (the app id), not the mapped id.
      expect(poll1!.url).toMatch(
        new RegExp(
          `^${base.replace(/[.]/g, "\\.")}/fal-ai/ace-step/requests/[\\w-]+/status${query.replace("?", "\\?")}$`,
        ),
      );
      expect(result!.url).toMatch(
        new RegExp(`^${base.replace(/[.]/g, "\\.")}/fal-ai/ace-step/requests/[\\w-]+${query.replace("?", "\\?")}$`),
      );
      expect(download!.headers.authorization).toBeUndefined();
      expect(out).toEqual([{ label: "speech", blob: b64(wav()), "content-type": "audio/wav" }]);
    },
  );

  it("fal-ai: rejects an undecodable type before any request", async () => {
    await expectNoRequest(
      () =>
        client(HF).audioToAudio({
          model: ACE_STEP,
          provider: "fal-ai",
          inputs: new Blob([WAV], { type: "audio/flac" }),
        }),
      /audio\/flac audio, which provider fal-ai does not decode/,
    );
  });

  it("rejects a malformed answer and a missing input", async () => {
    mock.once("/hf-inference/models/", { json: [{ label: "speech_0", blob: 42 }] });
    await expect(
      client(HF).audioToAudio({ model: SEPFORMER, provider: "hf-inference", inputs: wavBlob() }),
    ).rejects.toThrow(InferenceClientProviderOutputError);
    await expectNoRequest(() => client(HF).audioToAudio({ model: SEPFORMER } as never), /inputs is required/);
  });
});

describe("speech recognition chunks", () => {
  it("keeps an open-ended last timestamp (null) as the pipeline sends it, not 0", async () => {
    const model = "org/whisper";
    mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task: "automatic-speech-recognition" }]);
    mock.on((r) => r.path === `/hf-inference/models/${model}`, {
      json: {
        text: " One. Two.",
        chunks: [
          { text: " One.", timestamp: [0, 1.5] },
          { text: " Two.", timestamp: [1.5, null] },
        ],
      },
    });
    const wav = new Blob([new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69])], { type: "audio/wav" });
    const out = await client(HF).automaticSpeechRecognition({ model, provider: "hf-inference", inputs: wav });
    expect(out.chunks?.map((c) => c.timestamp)).toEqual([
      [0, 1.5],
      [1.5, null],
    ]);
  });
});
