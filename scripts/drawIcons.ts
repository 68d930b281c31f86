/**
 * `npm run icons`: draws the Teams app icons into appPackage/ — a white house with a tick (a safe home,
 * a panel decision) on a deep teal rounded square (color.png, 192×192), and the same house as a white
 * silhouette on transparent (outline.png, 32×32; Teams wants only white and fully transparent pixels).
 * Shapes are simple geometry in a unit square, sampled on a grid per pixel for smooth edges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgba = readonly [number, number, number, number];
type Point = readonly [number, number];

export const TEAL: Rgba = [11, 85, 99, 255]; // #0B5563, the manifest's accentColor
const TEAL_LIGHT: Rgba = [16, 112, 128, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function inRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inTriangle(x: number, y: number, [a, b, c]: readonly [Point, Point, Point]): boolean {
  const side = (p: Point, q: Point): number => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

function inRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number): boolean {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

function distanceToSegment(x: number, y: number, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The motif, shared by both icons: a house (roof, walls, chimney) with a tick on its front. */
const HOUSE = {
  roof: [[0.5, 0.17], [0.14, 0.49], [0.86, 0.49]] as const,
  walls: [0.25, 0.45, 0.75, 0.83] as const,
  chimney: [0.63, 0.22, 0.72, 0.4] as const,
  tick: [[0.365, 0.645], [0.46, 0.735], [0.645, 0.55]] as const,
};

function inHouse(x: number, y: number): boolean {
  const [wx0, wy0, wx1, wy1] = HOUSE.walls;
  const [cx0, cy0, cx1, cy1] = HOUSE.chimney;
  return inTriangle(x, y, HOUSE.roof) || inRect(x, y, wx0, wy0, wx1, wy1) || inRect(x, y, cx0, cy0, cx1, cy1);
}

function onTick(x: number, y: number, halfWidth: number): boolean {
  const [a, b, c] = HOUSE.tick;
  return Math.min(distanceToSegment(x, y, a, b), distanceToSegment(x, y, b, c)) <= halfWidth;
}

/** Colour of the 192×192 icon at a point of the unit square. */
function colorAt(x: number, y: number): Rgba {
  if (!inRoundedSquare(x, y, 0.2)) return CLEAR;
  if (inHouse(x, y)) return onTick(x, y, 0.045) ? TEAL : WHITE;
  // A gentle diagonal lift so the tile is not flat; both ends stay deep teal.
  const t = Math.max(0, Math.min(1, (1 - x + (1 - y)) / 2 - 0.1));
  return [0, 1, 2, 3].map((i) => Math.round(TEAL[i]! + (TEAL_LIGHT[i]! - TEAL[i]!) * t * 0.6)) as unknown as Rgba;
}

/** Whether a point of the 32×32 outline is white (the house minus the tick), drawn larger for the small size. */
function outlineAt(x: number, y: number): boolean {
  const zoom = 0.8;
  const hx = 0.5 + (x - 0.5) * zoom;
  const hy = 0.5 + (y - 0.5) * zoom;
  return inHouse(hx, hy) && !onTick(hx, hy, 0.055);
}

/** Averages `samples`×`samples` points per pixel (premultiplied alpha) into a PNG. */
export function render(size: number, paint: (x: number, y: number) => Rgba, samples = 4): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a === 0 ? 0 : Math.round(r / a);
      png.data[i + 1] = a === 0 ? 0 : Math.round(g / a);
      png.data[i + 2] = a === 0 ? 0 : Math.round(b / a);
      png.data[i + 3] = Math.round(a / (samples * samples));
    }
  }
  return png;
}

/** The outline icon: a pixel is opaque white when at least half of it is covered, else fully transparent. */
export function renderOutline(size: number, samples = 4): PNG {
  const png = render(size, (x, y) => (outlineAt(x, y) ? WHITE : CLEAR), samples);
  for (let i = 0; i < png.data.length; i += 4) {
    const on = png.data[i + 3]! >= 128;
    png.data.fill(on ? 255 : 0, i, i + 4);
  }
  return png;
}

/** Draws color.png and outline.png into `dir`, returning their paths. */
export function drawIcons(dir: string): { color: string; outline: string } {
  mkdirSync(dir, { recursive: true });
  const color = path.join(dir, 'color.png');
  const outline = path.join(dir, 'outline.png');
  writeFileSync(color, PNG.sync.write(render(192, colorAt)));
  writeFileSync(outline, PNG.sync.write(renderOutline(32)));
  return { color, outline };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = drawIcons(fileURLToPath(new URL('../appPackage/', import.meta.url)));
  console.log(`wrote ${written.color} and ${written.outline}`);
}
