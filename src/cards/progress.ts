/**
 * A text progress bar for a card: '████░░░░░░' for 42% (clamped to 0–100%, ten cells). Cells fill
 * only when reached, so the bar is full only once the target is met.
 */
export function progressBar(percent: number, cells = 10): string {
  const clamped = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
  const filled = Math.floor((clamped / 100) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
