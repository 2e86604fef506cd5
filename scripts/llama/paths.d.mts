export declare const NODE_LLAMA_CPP_VERSION: string;
export declare function llamaDir(): string;
export declare function serverBin(): string;
export declare function modelFile(): string;
