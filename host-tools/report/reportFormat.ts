// Small text formatters shared by the report's insights, issues and page.

/** "m:ss" (or "h:mm:ss") of a duration in ms */
export function clockOf(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "1 step", "2 steps" */
export function plural(n: number, word: string, many = word + 's'): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** the minus sign (U+2212) the report writes every negative number with, as typeset text does; a hyphen ("-3.1") is not one */
export const MINUS_SIGN = '\u2212';

/**
 * a value (not a change) as shown: "3.1", "−3.1" with the same minus sign as the signed changes
 * (signedNumberText), and "0.0", not "−0.0", for a value that rounds to 0
 */
export function numberText(value: number, digits: number): string {
  const shown = Math.abs(value).toFixed(digits);
  return value < 0 && Number(shown) !== 0 ? `${MINUS_SIGN}${shown}` : shown;
}

/**
 * a change with its sign, "+1.2", "−0.4", "±0.0": the sign is the one of the number as shown, so
 * a drift of −0.03° reads ±0.0, not −0.0, a fall the runner would look for and not find
 */
export function signedNumberText(value: number, digits: number): string {
  const shown = Math.abs(value).toFixed(digits);
  const zero = Number(shown) === 0;
  return `${zero ? '±' : value > 0 ? '+' : MINUS_SIGN}${shown}`;
}

/** text safe inside HTML elements and attribute values */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON safe inside a <script> element: no "</script", no "<!--", no line separators JavaScript would choke on */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
