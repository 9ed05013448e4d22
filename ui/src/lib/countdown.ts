/** "7 h 12 m", "4 m 05 s", "ended": time left as the dashboard shows it, live. */
export function timeLeft(endsAt: number, now: number): string {
  const seconds = Math.max(0, Math.floor((endsAt - now) / 1000));
  if (seconds === 0) return "ended";
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return `${hours} h ${minutes} m`;
  return `${minutes} m ${String(seconds % 60).padStart(2, "0")} s`;
}

export const stateLabel = {
  "signed-in": "Signed in",
  "expires-soon": "Expires soon",
  "needs-sign-in": "Needs sign-in",
  "signed-out": "Signed out",
} as const;
