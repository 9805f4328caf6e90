// Days as the person lives them: `YYYY-MM-DD` in the browser's time zone, and their first instant.
// Built on Date's local fields, which follow the zone's rules (DST, half-hour offsets); a local day is
// 23, 24 or 25 hours long, so days are stepped by the calendar, never by 86,400,000 ms.

const pad = (n) => String(n).padStart(2, '0');

/** The local day of an instant. */
export function localDay(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The first instant (ms) of a local day. Throws on a string that is not a `YYYY-MM-DD` date. */
export function localDayStart(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day));
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/** The local day `n` days after `day` (before, when negative). */
export function addDays(day, n) {
  const start = new Date(localDayStart(day));
  return localDay(new Date(start.getFullYear(), start.getMonth(), start.getDate() + n, 12).getTime());
}
