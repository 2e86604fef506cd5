/**
 * Everything that does the work of a call: the tasks (and the transport, routing and providers under them),
 * the catalog, bulk work and the browser side of `proxyUrl`. Loaded once, by the first call that needs it
 * (src/lazy.ts): the client imports it that way in every build, and the Node entry (src/index.node.ts) its
 * task functions too, so that importing the package compiles none of it.
 */
export * from "./tasks/index.js";
export { TASKS } from "./tasks/list.js";
export { listModels, getModel, catalogPrices, clearCatalogCache } from "./catalog.js";
export { bulkIter, bulkMap } from "./bulk.js";
export { proxyCall } from "./tasks/proxy.js";
