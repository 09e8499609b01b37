export declare const LAYERS: readonly { layer: string; folders: string[] }[];
export declare const WORKER_PUBLIC: readonly string[];
export declare const TEST_ONLY: readonly string[];
export declare const FOLDER_RANK: Map<string, number>;
