// Types for formats.mjs, a plain script so that `npm run icons` needs no build.
export declare function encodePng(pixels: Buffer, size: number): Buffer;
export declare function encodeIco(images: Array<{ size: number; pixels: Buffer }>): Buffer;
export declare const icnsTypes: ReadonlyArray<{ type: string; size: number }>;
export declare function encodeIcns(pngBySize: Map<number, Buffer>): Buffer;
