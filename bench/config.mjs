// What the benchmark's loopback server answers, shared by the server and the client.
export const BURST_CHUNKS = 500;
export const PACED_CHUNKS = 100;
export const PACE_MS = 1;
export const EMBED_ROWS = 256;
export const EMBED_DIM = 1024;
export const IMAGE_BYTES = 1024 * 1024;
