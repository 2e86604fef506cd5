/**
 * Default `timeout` per kind of task (ms), as plain numbers. Task tables use these rather than
 * properties of an object: a property read at the top of a module is a possible side effect to a
 * bundler, which would then keep every task table (and every adapter it names) in every bundle of the
 * built `dist/index.js`, where `"sideEffects": false` no longer drops whole modules.
 */

/** Chat and text generation: long answers from large models (10 minutes). */
export const LLM_TIMEOUT = 600_000;
/** Embeddings, classification and other quick tasks (2 minutes). */
export const QUICK_TIMEOUT = 120_000;
/** Image, audio and video generation, which may queue (30 minutes). */
export const MEDIA_TIMEOUT = 1_800_000;
