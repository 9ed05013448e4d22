//! One pace for every call to a portal: when it throttles one caller, every caller
//! slows down together, to the rate the portal showed it allows.
//!
//! Discovery runs several listings at once; each retrying on its own after a 429 keeps
//! the portal's rate window full of retries, and the unluckiest call runs out of
//! attempts however patient it is (2,000 accounts at 100 calls a second failed so). On a
//! 429, the calls that went through in the second before it are the rate the portal
//! allows: calls then start a little more than that rate's gap apart. A 429 under that
//! pace widens the gap by a tenth; each call that goes through narrows it a little, so
//! the pace follows a limit that rises again.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The window in which the calls that went through tell the portal's rate.
const RATE_WINDOW: Duration = Duration::from_secs(1);
/// The gap a 429 sets when nothing went through in the window before it, and the
/// longest the gap grows to.
const FIRST_GAP: Duration = Duration::from_millis(10);
const MAX_GAP: Duration = Duration::from_secs(1);
/// Below this, the gap is no gap: calls start as they come.
const NO_GAP: Duration = Duration::from_micros(500);

#[derive(Debug)]
pub struct Pace {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    gap: Duration,
    next_start: Instant,
    /// When the gap last widened: a 429 of a call that started before then was
    /// answered to the old pace, and says nothing of the new one.
    widened: Option<Instant>,
    /// When the calls of the last [`RATE_WINDOW`] went through.
    served: VecDeque<Instant>,
}

/// When a call started, to tell [`Pace::throttled`] which pace it was sent at.
#[derive(Debug, Clone, Copy)]
pub struct Turn(Instant);

impl Default for Pace {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                gap: Duration::ZERO,
                next_start: Instant::now(),
                widened: None,
                served: VecDeque::new(),
            }),
        }
    }
}

impl Pace {
    /// Waits for this call's turn: a gap after the previous call's start.
    pub async fn turn(&self) -> Turn {
        let start = {
            let mut state = self.state();
            let start = state.next_start.max(Instant::now());
            state.next_start = start + state.gap;
            start
        };
        tokio::time::sleep_until(start).await;
        Turn(start)
    }

    /// The portal answered 429 to the call that started at `turn`.
    pub fn throttled(&self, turn: Turn) {
        let now = Instant::now();
        let mut state = self.state();
        if state.widened.is_some_and(|widened| turn.0 <= widened) {
            return;
        }
        forget_before(&mut state.served, now);
        let rate_gap = match u32::try_from(state.served.len()) {
            Ok(served) if served > 0 => RATE_WINDOW / served + RATE_WINDOW / served / 10,
            _ => FIRST_GAP,
        };
        let wider = state.gap + state.gap / 10;
        state.gap = rate_gap.max(wider).min(MAX_GAP);
        state.widened = Some(now);
    }

    /// A call went through: the gap narrows by a sixty-fourth.
    pub fn served(&self) {
        let now = Instant::now();
        let mut state = self.state();
        state.served.push_back(now);
        forget_before(&mut state.served, now);
        let narrower = state.gap - state.gap / 64;
        state.gap = if narrower < NO_GAP {
            Duration::ZERO
        } else {
            narrower
        };
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn forget_before(served: &mut VecDeque<Instant>, now: Instant) {
    while served
        .front()
        .is_some_and(|at| now.duration_since(*at) > RATE_WINDOW)
    {
        served.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When each of `calls` turns starts, in ms after the first, and the turns.
    async fn starts(pace: &Pace, calls: usize) -> (Vec<u128>, Vec<Turn>) {
        let first = Instant::now();
        let mut turns = Vec::new();
        for _ in 0..calls {
            turns.push(pace.turn().await);
        }
        let starts = turns
            .iter()
            .map(|turn| (turn.0 - first).as_millis())
            .collect();
        (starts, turns)
    }

    fn gaps(starts: &[u128]) -> Vec<u128> {
        starts.windows(2).map(|pair| pair[1] - pair[0]).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn calls_start_at_once_while_the_portal_never_throttled() {
        assert_eq!(starts(&Pace::default(), 3).await.0, [0, 0, 0]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_paces_calls_at_the_rate_that_went_through_before_it() {
        let pace = Pace::default();
        // 50 calls went through in the last second, then one was refused.
        for _ in 0..50 {
            pace.served();
            tokio::time::advance(Duration::from_millis(10)).await;
        }
        let (_, turns) = starts(&pace, 1).await;
        pace.throttled(turns[0]);
        // A gap of a fiftieth of a second, and a tenth more.
        assert_eq!(gaps(&starts(&pace, 3).await.0), [22, 22]);
    }

    #[tokio::test(start_paused = true)]
    async fn only_a_429_to_the_new_pace_widens_it_again() {
        let pace = Pace::default();
        let (_, early) = starts(&pace, 2).await;
        pace.throttled(early[0]);
        // The second call was sent before the pace changed: its 429 is old news.
        pace.throttled(early[1]);
        let (starts_now, later) = starts(&pace, 2).await;
        assert_eq!(gaps(&starts_now), [10]);
        pace.throttled(later[1]);
        assert_eq!(gaps(&starts(&pace, 2).await.0), [11]);
    }

    #[tokio::test(start_paused = true)]
    async fn calls_that_go_through_bring_the_pace_back_up() {
        let pace = Pace::default();
        let (_, turns) = starts(&pace, 1).await;
        pace.throttled(turns[0]);
        for _ in 0..200 {
            pace.served();
        }
        assert_eq!(starts(&pace, 3).await.0, [0, 0, 0]);
    }
}
