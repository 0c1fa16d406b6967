import { dayOf, endOfDay } from './time-zone.js';

/**
 * Keeps the "As of" picker's latest day at today in the model's time zone: it moves on at midnight there, so a page
 * left open overnight can pick the new day. Returns the function that stops following.
 */
export function followToday(input, timeZone) {
  let timer = null;
  const update = () => {
    clearTimeout(timer);
    const now = Date.now();
    const today = dayOf(now, timeZone);
    input.max = today;
    // the first instant of the next day there (a day of 23 or 25 hours where clocks change)
    timer = setTimeout(update, endOfDay(today, timeZone) + 1 - now);
  };
  update();
  // a sleeping machine or a background tab runs the timer late: the picker looks at the clock again when used
  input.onfocus = update;
  return () => {
    clearTimeout(timer);
    input.onfocus = null;
  };
}
