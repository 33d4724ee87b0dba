import { describe, expect, it } from 'vitest';
import { gridLayout } from '../../../renderer/engine/grid-layout.js';

describe('the video grid', () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 2, 2],
    [4, 2, 2],
    [5, 3, 2],
    [6, 3, 2],
    [7, 3, 3],
    [8, 3, 3],
    [9, 3, 3],
  ])('tiles %i people as %ix%i on a landscape window', (count, columns, rows) => {
    const layout = gridLayout(count, 1280, 720);
    expect({ columns: layout.columns, rows: layout.rows }).toEqual({ columns, rows });
  });

  it('keeps the video aspect ratio and fits inside the container', () => {
    for (let count = 1; count <= 9; count++) {
      const layout = gridLayout(count, 1000, 640, 16 / 9, 8);
      expect(Math.abs(layout.tileWidth / layout.tileHeight - 16 / 9)).toBeLessThan(0.02);
      expect(layout.columns * layout.tileWidth + (layout.columns - 1) * 8).toBeLessThanOrEqual(1000);
      expect(layout.rows * layout.tileHeight + (layout.rows - 1) * 8).toBeLessThanOrEqual(640);
    }
  });

  it('stacks people on a tall, narrow window', () => {
    expect(gridLayout(2, 400, 900)).toMatchObject({ columns: 1, rows: 2 });
  });

  it('lays out nothing for nobody or no space', () => {
    expect(gridLayout(0, 1000, 600).columns).toBe(0);
    expect(gridLayout(3, 0, 600).tileWidth).toBe(0);
  });
});
