/**
 * Draws the icon's source, a small subset of SVG (rect with rx, circle;
 * fill as #rrggbb and fill-opacity), into RGBA pixels of any size.
 *
 * Edges are anti-aliased from each shape's signed distance to the pixel
 * centre, so every size is drawn from the shapes themselves, never scaled
 * down from a bigger picture, and a 16-pixel icon stays crisp.
 */

const numberAttributes = ['x', 'y', 'width', 'height', 'rx', 'cx', 'cy', 'r', 'fill-opacity'];

function attributesOf(tag) {
  const attributes = {};
  for (const [, name, value] of tag.matchAll(/([\w-]+)="([^"]*)"/g)) attributes[name] = value;
  return attributes;
}

function parseFill(value) {
  const match = /^#([0-9a-f]{6})$/i.exec(value ?? '');
  if (!match) throw new Error(`Only #rrggbb fills are drawn, not "${value}".`);
  const rgb = parseInt(match[1], 16);
  return [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255];
}

/** The drawing: its size (from viewBox) and its shapes in order. Throws on anything it cannot draw. */
export function parseIcon(svg) {
  const withoutComments = svg.replace(/<!--[\s\S]*?-->/g, '');
  const root = /<svg\b[^>]*>/.exec(withoutComments);
  const viewBox = root ? /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(root[0]) : null;
  if (!viewBox) throw new Error('The icon needs <svg viewBox="0 0 w h">.');
  const shapes = [];
  for (const [tag, kind] of withoutComments.matchAll(/<(\w+)\b[^>]*\/>/g)) {
    if (kind !== 'rect' && kind !== 'circle') throw new Error(`<${kind}> is not drawn; use rect or circle.`);
    const attributes = attributesOf(tag);
    const shape = { kind, fill: parseFill(attributes.fill), opacity: 1 };
    for (const name of numberAttributes) {
      if (attributes[name] === undefined) continue;
      const value = Number(attributes[name]);
      if (!Number.isFinite(value)) throw new Error(`${kind} ${name}="${attributes[name]}" is not a number.`);
      shape[name === 'fill-opacity' ? 'opacity' : name] = value;
    }
    shapes.push(shape);
  }
  return { width: Number(viewBox[1]), height: Number(viewBox[2]), shapes };
}

/** Signed distance from (px, py) to the shape's edge, negative inside. */
function distance(shape, px, py) {
  if (shape.kind === 'circle') return Math.hypot(px - shape.cx, py - shape.cy) - shape.r;
  const rx = Math.min(shape.rx ?? 0, shape.width / 2, shape.height / 2);
  const halfW = shape.width / 2;
  const halfH = shape.height / 2;
  const qx = Math.abs(px - (shape.x + halfW)) - (halfW - rx);
  const qy = Math.abs(py - (shape.y + halfH)) - (halfH - rx);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - rx;
}

/** The drawing as `size` x `size` RGBA pixels (straight alpha), row by row from the top. */
export function drawIcon(icon, size) {
  const scale = icon.width / size;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Premultiplied colour, shapes painted over each other in order.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      const px = (x + 0.5) * scale;
      const py = (y + 0.5) * scale;
      for (const shape of icon.shapes) {
        // Coverage of this pixel: distance measured in output pixels.
        const coverage = Math.min(1, Math.max(0, 0.5 - distance(shape, px, py) / scale));
        const alpha = coverage * shape.opacity;
        if (alpha === 0) continue;
        r = shape.fill[0] * alpha + r * (1 - alpha);
        g = shape.fill[1] * alpha + g * (1 - alpha);
        b = shape.fill[2] * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      const offset = (y * size + x) * 4;
      if (a > 0) {
        pixels[offset] = Math.round(r / a);
        pixels[offset + 1] = Math.round(g / a);
        pixels[offset + 2] = Math.round(b / a);
        pixels[offset + 3] = Math.round(a * 255);
      }
    }
  }
  return pixels;
}
