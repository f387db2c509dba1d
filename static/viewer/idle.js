// Work that can wait for the page to be idle: after the frames that show what the reader asked for.

/**
 * Call `callback` when the browser is idle, and at the latest after `timeout` ms; where the browser has no idle
 * callbacks, soon after the current task.
 */
export function whenIdle(callback, timeout = 500) {
  if (window.requestIdleCallback) return window.requestIdleCallback(callback, { timeout });
  return setTimeout(callback, Math.min(timeout, 50));
}
