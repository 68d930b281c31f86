import { formatDate } from './format.js';

// Built once: an Intl formatter is costly to make, and cards are drawn on every refresh.
const LONDON = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  timeZone: 'Europe/London', timeZoneName: 'short',
});

/**
 * An instant as people in England read it on a card, in UK time with the clock's name:
 * "22 Nov 2026 14:03 GMT", "22 Jun 2026 15:03 BST". Text that is no instant is returned as it is.
 */
export function formatLondonTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of LONDON.formatToParts(instant)) part[p.type] = p.value;
  return `${formatDate(`${part.year}-${part.month}-${part.day}`)} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}
