/**
 * The tasks `unified-inference run <task>` knows: one entry per task of the library's list (tasks/list.ts,
 * which gives the function), saying how command-line inputs become its arguments. The table's type asks for
 * an entry for every listed task.
 *
 * Inputs: text from the positional arguments (or stdin when there are none), media from `--input
 * <file|url|->`, parameters from `--param key=value` (into `parameters`, or the top level for
 * OpenAI-style tasks), extra task options declared in `options`. Outputs: a Blob is written to a file
 * (`--output`), anything else is printed as JSON; `output` can turn base64 media into Blobs first.
 */
import { base64ToBytes } from "../lib/media.js";
import { TASKS as LIST, type TaskName } from "../tasks/list.js";
import type { Options } from "../types.js";
import type { OptSpec } from "./args.js";
import { UsageError } from "./errors.js";
import { parseTable } from "./table.js";

/** What an entry can read from the command line. */
export interface TaskCli {
  /** The positional arguments after the task name. */
  readonly positionals: readonly string[];
  /** One text: the positional arguments joined with spaces, or all of stdin when there are none. */
  text(what?: string): Promise<string>;
  /** The positional arguments joined with spaces, or undefined when there are none (stdin is not read). */
  optionalText(): string | undefined;
  /** Several texts: one per positional argument, or one per non-empty line of stdin. */
  texts(what?: string): Promise<string[]>;
  /** The media of `--input` (a file, an http(s) URL or `-` for stdin) as a Blob with its content type. */
  media(what?: string): Promise<Blob>;
  /** The same, or undefined without `--input`. */
  optionalMedia(what?: string): Promise<Blob | undefined>;
  /** The value of a task option declared in the entry's `options`. */
  option(name: string): string | undefined;
  /** The same, required. */
  required(name: string): string;
  /** A file given to a task option, read as text (`-` for stdin). */
  file(name: string): Promise<string | undefined>;
}

type TaskFn = (args: any, options?: Options & Record<string, unknown>) => Promise<unknown>;

export interface TaskEntry extends CliSpec {
  /** The library function the task runs (from the library's list of tasks). */
  fn: TaskFn;
}

/** How command-line inputs become a task's arguments, and how its result is shown. */
interface CliSpec {
  /** One line for `run --help`. */
  summary: string;
  /** What follows the task name, e.g. `<text>` or `--input <image>`. */
  usage: string;
  /** Builds the task arguments (without model, provider, endpoint and token) from the command line. */
  args(cli: TaskCli): Promise<Record<string, unknown>>;
  /** Where `--param key=value` goes. @default "parameters" */
  params?: "parameters" | "top";
  /** Options only this task takes. */
  options?: OptSpec[];
  /** Call options from the task options (e.g. `outputType`). */
  callOptions?(cli: TaskCli): Record<string, unknown>;
  /** Reshapes the result before it is printed or saved (e.g. base64 audio into Blobs, saved as files). */
  output?(result: any): unknown;
  /** With `--stream`: the streaming variant, as text pieces to print as they come. */
  stream?: (args: any, options?: Options) => AsyncIterable<string>;
}

/** A task whose input is one text (`inputs`). */
function textTask(summary: string): CliSpec {
  return { summary, usage: "<text>", args: async (c) => ({ inputs: await c.text() }) };
}

/** A task whose input is one media file (`inputs`). */
function mediaTask(summary: string, kind = "image"): CliSpec {
  return { summary, usage: `--input <${kind}>`, args: async (c) => ({ inputs: await c.media(kind) }) };
}

/** A task with a media input and a question about it (`inputs: {image, question}`). */
function mediaQuestionTask(summary: string): CliSpec {
  return {
    summary,
    usage: "--input <image> <question>",
    args: async (c) => ({ inputs: { image: await c.media("image"), question: await c.text("question") } }),
  };
}

/** A generation task from an image and a prompt (`parameters.prompt`); the image may be optional. */
function imagePromptTask(summary: string, imageOptional: boolean): CliSpec {
  return {
    summary,
    usage: imageOptional ? "[--input <image>] <prompt>" : "--input <image> [<prompt>]",
    args: async (c) => {
      const image = imageOptional ? await c.optionalMedia("image") : await c.media("image");
      let prompt = c.optionalText();
      if (prompt === undefined && imageOptional) prompt = await c.text("prompt");
      const args: Record<string, unknown> = {};
      if (image) args.inputs = image;
      if (prompt !== undefined) args.parameters = { prompt };
      return args;
    },
  };
}

const SYSTEM: OptSpec = { name: "system", short: "s", kind: "value", value: "text", help: "System message" };
const LABELS: OptSpec = { name: "labels", kind: "value", value: "a,b,c", help: "Candidate labels, comma-separated" };
const TABLE: OptSpec = {
  name: "table",
  kind: "value",
  value: "file|-",
  help: "A table: CSV with a header row, or JSON (columns object or array of rows)",
};

function labels(c: TaskCli): string[] {
  const list = c
    .required("labels")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) throw new UsageError("--labels needs at least one label");
  return list;
}

async function table(c: TaskCli): Promise<Record<string, string[]>> {
  const text = await c.file("table");
  if (text === undefined) throw new UsageError("missing --table <file|->");
  return parseTable(text, c.option("table")!);
}

/** The client's stream behind each text-piece stream of `run --stream` (its call record: `metaOf`). */
export const streamSource = new WeakMap<object, object>();

function deltas(chunks: AsyncIterable<{ choices?: { delta?: { content?: unknown } }[] }>): AsyncIterable<string> {
  const pieces = (async function* () {
    for await (const chunk of chunks) {
      const text = chunk.choices?.[0]?.delta?.content;
      if (typeof text === "string" && text) yield text;
    }
  })();
  streamSource.set(pieces, chunks);
  return pieces;
}

function tokens(chunks: AsyncIterable<{ token?: { text?: unknown; special?: boolean } }>): AsyncIterable<string> {
  const pieces = (async function* () {
    for await (const chunk of chunks) {
      const text = chunk.token?.text;
      if (typeof text === "string" && !chunk.token?.special) yield text;
    }
  })();
  streamSource.set(pieces, chunks);
  return pieces;
}

const b64Blob = (data: unknown, type: unknown) =>
  typeof data === "string" && data
    ? new Blob([base64ToBytes(data.replace(/^data:[^,]*,/, "")) as BlobPart], {
        type: typeof type === "string" ? type : "",
      })
    : data;

/** What `run` knows of each task of the library's list (streaming variants are `--stream` of their task). */
const CLI: Record<Exclude<TaskName, "chatCompletionStream" | "textGenerationStream">, CliSpec> = {
  // Text
  chatCompletion: {
    summary: "One chat turn; prints the whole completion as JSON (see also: unified-inference chat)",
    usage: "<message> [--system <text>]",
    params: "top",
    options: [SYSTEM],
    args: async (c) => {
      const system = c.option("system");
      const messages = system ? [{ role: "system", content: system }] : [];
      messages.push({ role: "user", content: await c.text("message") });
      return { messages };
    },
    stream: (a, o) => deltas(LIST.chatCompletionStream[0](a, { ...o, normalize: true })),
  },
  textGeneration: {
    ...textTask("Continue a prompt"),
    stream: (a, o) => tokens(LIST.textGenerationStream[0](a, o)),
  },
  featureExtraction: {
    summary: "Embed texts as vectors (one text per argument, or per line of stdin)",
    usage: "<text> [<text>...]",
    args: async (c) => {
      const texts = await c.texts();
      return { inputs: texts.length === 1 ? texts[0] : texts };
    },
  },
  sentenceSimilarity: {
    summary: "Score how close each sentence is to a source sentence",
    usage: "<source sentence> <sentence> [<sentence>...]",
    args: async (c) => {
      const [source, ...sentences] = await c.texts();
      if (!source || !sentences.length) {
        throw new UsageError("sentence-similarity needs a source sentence and at least one sentence to compare");
      }
      return { inputs: { source_sentence: source, sentences } };
    },
  },
  fillMask: textTask("Fill the mask token of a text (e.g. [MASK])"),
  summarization: textTask("Summarize a text"),
  translation: textTask("Translate a text (--param src_lang=.. --param tgt_lang=.. for multilingual models)"),
  textClassification: textTask("Classify a text (sentiment, topic, ...)"),
  tokenClassification: textTask("Label the words of a text (named entities, ...)"),
  zeroShotClassification: {
    summary: "Classify a text into labels chosen at call time",
    usage: "<text> --labels <a,b,c>",
    options: [LABELS],
    args: async (c) => ({ inputs: await c.text(), parameters: { candidate_labels: labels(c) } }),
  },
  questionAnswering: {
    summary: "Answer a question from a context text",
    usage: "<question> (--context <text> | --context-file <file|->)",
    options: [
      { name: "context", kind: "value", value: "text", help: "The text holding the answer" },
      { name: "context-file", kind: "value", value: "file|-", help: "The same, read from a file" },
    ],
    args: async (c) => {
      const context = c.option("context") ?? (await c.file("context-file"));
      if (!context) throw new UsageError("missing --context <text> or --context-file <file|->");
      return { inputs: { question: await c.text("question"), context } };
    },
  },
  tableQuestionAnswering: {
    summary: "Answer a question about a table",
    usage: "<question> --table <file.csv|file.json|->",
    options: [TABLE],
    args: async (c) => {
      const data = await table(c);
      return { inputs: { question: await c.text("question"), table: data } };
    },
  },

  // Images
  imageClassification: mediaTask("Classify an image"),
  objectDetection: mediaTask("Find objects in an image, with boxes"),
  imageSegmentation: {
    ...mediaTask("Segment an image; masks are written as image files"),
    output: (r: unknown) =>
      Array.isArray(r)
        ? r.map((s) => (s && typeof s === "object" ? { ...s, mask: b64Blob(s.mask, "image/png") } : s))
        : r,
  },
  imageToText: mediaTask("Describe an image"),
  zeroShotImageClassification: {
    summary: "Classify an image into labels chosen at call time",
    usage: "--input <image> --labels <a,b,c>",
    options: [LABELS],
    args: async (c) => ({ inputs: await c.media("image"), parameters: { candidate_labels: labels(c) } }),
  },
  textToImage: {
    ...textTask("Generate an image from a prompt"),
    usage: "<prompt>",
    options: [
      {
        name: "output-type",
        kind: "value",
        value: "blob|url|dataUrl|json",
        help: "Print the provider's image URL (url), a data URL or its JSON instead of saving a file",
      },
    ],
    callOptions: (c) => (c.option("output-type") ? { outputType: c.option("output-type") } : {}),
  },
  imageToImage: imagePromptTask("Transform an image, guided by an optional prompt", false),
  imageTextToImage: imagePromptTask("Generate an image from a prompt and an optional image", true),
  visualQuestionAnswering: mediaQuestionTask("Answer a question about an image"),
  documentQuestionAnswering: mediaQuestionTask("Answer a question about a document image"),

  // Video
  textToVideo: { ...textTask("Generate a video from a prompt (a queued job)"), usage: "<prompt>" },
  imageToVideo: imagePromptTask("Animate an image, guided by an optional prompt", false),
  imageTextToVideo: imagePromptTask("Generate a video from a prompt and an optional first frame", true),

  // Audio
  automaticSpeechRecognition: mediaTask("Transcribe speech", "audio"),
  audioClassification: mediaTask("Classify an audio clip", "audio"),
  audioToAudio: {
    ...mediaTask("Transform audio (e.g. separate sources); outputs are written as files", "audio"),
    output: (r: unknown) =>
      Array.isArray(r)
        ? r.map((e) => (e && typeof e === "object" ? { label: e.label, audio: b64Blob(e.blob, e["content-type"]) } : e))
        : r,
  },
  textToSpeech: { ...textTask("Speak a text"), usage: "<text>" },
  textToAudio: { ...textTask("Generate audio (music, sounds) from a prompt"), usage: "<prompt>" },

  // Tabular
  tabularClassification: {
    summary: "Classify each row of a table",
    usage: "--table <file.csv|file.json|->",
    options: [TABLE],
    args: async (c) => ({ inputs: { data: await table(c) } }),
  },
  tabularRegression: {
    summary: "Predict a number for each row of a table",
    usage: "--table <file.csv|file.json|->",
    options: [TABLE],
    args: async (c) => ({ inputs: { data: await table(c) } }),
  },
};

/** Every task of `run`, by name: the function name in kebab case (the Hub task id but for chat-completion). */
export const TASKS: Record<string, TaskEntry> = Object.fromEntries(
  Object.entries(CLI).map(([name, spec]) => [kebab(name), { ...spec, fn: LIST[name as TaskName][0] as TaskFn }]),
);

/** Task names are kebab case; camelCase function names are accepted too (`textToImage`). */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** Aliases people reach for, to canonical names. */
const ALIASES: Record<string, string> = {
  chat: "chat-completion",
  conversational: "chat-completion",
  embeddings: "feature-extraction",
  embed: "feature-extraction",
  asr: "automatic-speech-recognition",
  tts: "text-to-speech",
};

export function findTask(name: string): [string, TaskEntry] | undefined {
  const key = ALIASES[name] ?? ALIASES[kebab(name)] ?? kebab(name);
  const entry = TASKS[key];
  return entry ? [key, entry] : undefined;
}
