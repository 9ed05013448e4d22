import { describe, expect, it } from "vitest";
import { timeLeft } from "./countdown";

describe("timeLeft", () => {
  const now = 1_700_000_000_000;
  it("counts hours and minutes, then minutes and seconds, then says it ended", () => {
    expect(timeLeft(now + (7 * 3600 + 12 * 60 + 5) * 1000, now)).toBe("7 h 12 m");
    expect(timeLeft(now + (4 * 60 + 5) * 1000, now)).toBe("4 m 05 s");
    expect(timeLeft(now - 1000, now)).toBe("ended");
  });
});
