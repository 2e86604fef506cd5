export const HF_HUB_URL = "https://huggingface.co";
export const HF_ROUTER_URL = "https://router.huggingface.co";
export const HF_HEADER_X_BILL_TO = "X-HF-Bill-To";
export const PACKAGE_NAME = "unified-inference";
export const PACKAGE_VERSION = "0.1.0";

/**
 * Providers the Hugging Face router stopped serving on 2026-07-01. Routed calls to them (with a Hugging
 * Face token, or no token) fail before any request; direct calls with the provider's own key still work,
 * and "auto" and fallback never pick them.
 */
export const ROUTER_DROPPED_PROVIDERS: readonly string[] = [
  "black-forest-labs",
  "clarifai",
  "hyperbolic",
  "nebius",
  "nvidia",
  "sambanova",
];

/**
 * The router's provider-selection policies, written as a model id suffix (`org/model:fastest`). `auto`
 * is the router's `:fastest`.
 */
export const ROUTER_POLICIES: readonly string[] = ["fastest", "cheapest", "preferred"];
