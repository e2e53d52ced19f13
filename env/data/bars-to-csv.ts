import type { Bars } from './bars.js';

/** Seconds after midnight as HH:MM:SS[.fff]. */
function clock(seconds: number): string {
  const pad = (v: number) => String(v).padStart(2, '0');
  const whole = Math.floor(seconds);
  const fraction = seconds - whole > 0 ? String(Math.round((seconds - whole) * 1000) / 1000).slice(1) : '';
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}${fraction}`;
}

/**
 * One series as the text of a bars CSV (the format `readBarsCsv` reads), with every optional
 * column the series has. Numbers are written in JavaScript's shortest round-trip form, so reading
 * the text back gives the same arrays bit for bit.
 */
export function barsToCsv(bars: Bars): string {
  const optional = [
    ['trades', bars.trades],
    ['bid', bars.bid],
    ['ask', bars.ask],
    ['mid', bars.mid],
    ['mid_close', bars.midClose],
    ['signed_volume', bars.signedVolume],
    ['notional', bars.notional],
  ].filter((c): c is [string, Float64Array] => c[1] !== undefined);
  const columns = [bars.open, bars.high, bars.low, bars.close, bars.volume, ...optional.map((c) => c[1])];
  const header = ['timestamp', 'open', 'high', 'low', 'close', 'volume', ...optional.map((c) => c[0])].join(',');
  const lines = Array.from(bars.start, (t, i) => [`${bars.date} ${clock(t)}`, ...columns.map((c) => String(c[i]))].join(','));
  return `${header}\n${lines.join('\n')}\n`;
}
