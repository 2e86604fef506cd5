// What the benchmark's loopback server answers, shared by the server and the client.
export const BURST_CHUNKS = 500;
export const PACED_CHUNKS = 100;
export const PACE_MS = 1;
export const EMBED_ROWS = 256;
export const EMBED_DIM = 1024;
export const IMAGE_BYTES = 1024 * 1024;
/** /first: the gap between the headers and the first event, and the chunks that follow it. */
export const FIRST_GAP_MS = 5;
export const FIRST_REST = 10;
/** Open streams held at once for the memory figure. */
export const HELD_STREAMS = 1000;
