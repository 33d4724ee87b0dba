// Types for make-icons.mjs, a plain script so that `npm run icons` needs no build.
export declare const iconDir: string;
export declare const resourcesDir: string;
export declare const sourceFile: string;
export declare const linuxSizes: readonly number[];
export declare const icoSizes: readonly number[];
export declare const largestSize: number;
export declare function iconFiles(svg: string): Array<{ file: string; contents: Buffer }>;
