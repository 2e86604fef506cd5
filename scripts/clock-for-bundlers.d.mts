import type { Plugin } from "esbuild";
/** src/transport/clock.ts loaded as src/transport/clock.bundled.ts (see the .mjs). */
export declare const clockForBundlers: Plugin;
