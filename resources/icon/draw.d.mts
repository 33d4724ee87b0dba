// Types for draw.mjs, a plain script so that `npm run icons` needs no build.
export interface IconShape {
  kind: 'rect' | 'circle';
  fill: [number, number, number];
  opacity: number;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  rx?: number;
  cx?: number;
  cy?: number;
  r?: number;
}
export interface Icon {
  width: number;
  height: number;
  shapes: IconShape[];
}
export declare function parseIcon(svg: string): Icon;
export declare function drawIcon(icon: Icon, size: number): Buffer;
