/**
 * The credentials tests send. Shaped like real ones (an `hf_` token of a real token's length, an `sk-` key)
 * so that routing and redaction meet what they meet in use, and written nowhere else, so a test that finds one
 * in an output, a message or a log has found a leak. Neither is valid anywhere.
 */

/** A Hugging Face token: routed calls, Hub look-ups. */
export const HF_TOKEN = "hf_SECRETsecretQ7x9Zk2Lm4Np8R";

/** A provider's own key: direct calls. */
export const PROVIDER_KEY = "sk-SECRETdirectKey0123456789";
