// The public surface, named one by one: a helper a module exports for the library's own use does not become API
// by accident (test/public-api.test.ts pins the list). What the Node entry (src/index.node.ts) gives as is:
export * from "./surface.js";
// The task functions and their argument and output types: src/tasks/index.ts is itself the explicit list.
export * from "./tasks/index.js";
export { registerModelMapping, clearModelMappings, clearMappingCache } from "./routing/hub.js";
export {
  listModels,
  getModel,
  priceOf,
  catalogPrices,
  clearCatalogCache,
  type RouterModel,
  type RouterModelProvider,
  type CatalogOptions,
  type PriceLookup,
} from "./catalog.js";
export { withOpenAIRoute } from "./providers/hf-inference.js";
