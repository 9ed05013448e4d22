// One ticking clock for every countdown on screen.
let now = $state(Date.now());
let users = 0;
let ticker: ReturnType<typeof setInterval> | undefined;

/** The current time, updated every second while anyone watches (call the returned stop). */
export function watchClock(): { readonly now: number; stop: () => void } {
  users += 1;
  ticker ??= setInterval(() => (now = Date.now()), 1000);
  return {
    get now() {
      return now;
    },
    stop() {
      users -= 1;
      if (users === 0 && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
    },
  };
}
