/**
 * Helpers for job specs (contracts/wire.ts: long-running jobs described as data, which the job runner in
 * poll.ts runs): URLs placed under the router, and a spec that only downloads the media of a final answer.
 */
import type { JobSpec, MediaKind } from "../contracts/wire.js";

export type { JobCall, JobOutcome, JobSpec, JobState, MediaKind } from "../contracts/wire.js";

/**
 * `path?query` of `url` placed under `base` (`https://router.huggingface.co/wavespeed` +
 * `/api/v3/predictions/1/result`): routed calls poll through the router, never the provider's host
 * directly (the Hugging Face token must not go there).
 */
export function underBase(base: string, url: string): string {
  const u = new URL(url);
  return `${base.replace(/\/+$/, "")}${u.pathname}${u.search}`;
}

/** A spec that polls nothing and downloads the media of an answer that is already final. */
export function downloadOnly<Ctx>(media: NonNullable<JobSpec<Ctx>["media"]>, mediaKind: MediaKind): JobSpec<Ctx> {
  return { media, mediaKind };
}
