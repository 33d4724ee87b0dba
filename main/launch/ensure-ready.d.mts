// Types for ensure-ready.mjs, which stays plain JavaScript because it runs before dependencies exist.
export declare const repoRoot: string;
export declare class LaunchError extends Error {}
export declare function mtimeOf(file: string): number | null;
export declare function newestMtimeUnder(dir: string): number;
export declare function runNpm(args: string[], options?: { root?: string }): void;
export declare function installReason(root?: string): string | null;
export declare function ensureInstalled(root?: string): boolean;
export declare function buildReason(root?: string): string | null;
export declare function ensureBuilt(root?: string): boolean;
export declare function ensureReady(): void;
