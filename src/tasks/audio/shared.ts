/**
 * What the audio tasks share: the argument types of audio inputs, input checks run before any request
 * (including the named provider's own checks, which would otherwise wait for the Hub mapping), and the
 * check of an audio answer.
 */
import { InferenceClientInputError } from "../../errors.js";
import type { BinaryInput } from "../../lib/media.js";
import type { RequestCtx } from "../../providers/adapter.js";
import type { InferenceProvider } from "../../types.js";
import { isObject, type TaskDef } from "../run.js";
import { checkParameters } from "../nlp/fill-mask.js";

/**
 * Audio as a Blob (its content type is kept), an ArrayBuffer or a typed array (typed from the bytes), or an
 * http(s) URL for the providers that fetch it (together and fal-ai for speech recognition, replicate).
 */
export type AudioInput = BinaryInput | string;

/** Arguments of a task whose input is audio. */
export interface AudioArgs<P> {
  /** The audio: bytes, or an http(s) URL where the provider takes one (see {@link AudioInput}). */
  inputs: AudioInput;
  /** The task's parameters, sent to the provider as given. */
  parameters?: P;
  [property: string]: unknown;
}

/**
 * The legacy form: the audio as `data`.
 * @deprecated Use `inputs`.
 */
export interface LegacyAudioData<P> {
  /** The audio bytes (a Blob, an ArrayBuffer or a typed array). */
  data: BinaryInput;
  /** The task's parameters, sent to the provider as given. */
  parameters?: P;
}

/**
 * Runs the input checks of the provider named in the call (or of the endpoint adapter) before routing,
 * so a bad input fails before the Hub look-up. The audio adapters' `validate` read only the arguments.
 */
export function validateEarly(def: TaskDef, call: object): void {
  const args = call as Record<string, unknown>;
  const endpoint = typeof args.endpointUrl === "string" && args.endpointUrl !== "";
  const name = endpoint ? "hf-inference" : args.provider;
  if (typeof name !== "string" || name === "auto") return;
  const adapter = def.adapters[name as InferenceProvider];
  const model = typeof args.model === "string" ? args.model : undefined;
  const ctx: RequestCtx = { task: def.task, model, providerId: model ?? "", routed: false, base: "", stream: false };
  adapter?.validate?.(args, ctx);
}

/** Checks a text-in task's arguments: `inputs` a non-empty string, `parameters` an object. */
export function checkTextInput(args: unknown, what: string): void {
  if (!isObject(args)) throw new InferenceClientInputError(`The first argument must be an object of task arguments`);
  if (typeof args.inputs !== "string" || args.inputs.trim() === "") {
    throw new InferenceClientInputError(
      `inputs must be a non-empty string (${what}), got ${args.inputs === undefined ? "nothing" : typeof args.inputs}`,
    );
  }
  checkParameters(args.parameters);
}

const NOT_AUDIO = /(html|json|xml)|^text\/|^image\//;

/**
 * Why a value is not an audio answer, or undefined when it is one: a non-empty Blob whose served type is
 * not an error page (HTML, JSON, XML, text) or an image. Generic and missing types are accepted.
 */
export function notAudio(v: unknown): string | undefined {
  if (!(v instanceof Blob)) return "an answer that is not a file";
  const type = v.type.split(";")[0]!.trim().toLowerCase();
  if (v.size === 0) return "an empty body";
  if (NOT_AUDIO.test(type)) return `a ${type} body`;
  return undefined;
}
