export interface Layer {
  name: string;
  holds: string[];
  entries?: boolean;
}
export interface Place {
  layer: string;
  rank: number;
  entry: string | undefined;
}
export interface Violation {
  kind: "upward" | "entry" | "cycle" | "unplaced" | "code";
  key: string;
  message: string;
}
export interface LayerRow {
  layer: string;
  files: number;
  lines: number;
  within: number;
  down: number;
  up: number;
}
export type ImportGraph = Map<string, Set<string>>;
export declare const LAYERS: Layer[];
export declare const ENTRY_IMPORTS: [string, string][];
export declare function placeOf(file: string): Place | undefined;
export declare function importsOf(text: string): string[];
export declare function graphOf(sources: Record<string, string>): ImportGraph;
export declare function readSources(dir: string): Record<string, string>;
export declare function runtimeCodeIn(text: string): string | undefined;
export declare function check(graph: ImportGraph, sources?: Record<string, string>): Violation[];
export declare function summary(graph: ImportGraph, sources?: Record<string, string>): LayerRow[];
export declare function run(srcDir: string, out?: (line: string) => void): number;
