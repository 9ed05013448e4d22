//! When the clock next matters for each session, and what is due now. Pure: the
//! scheduler passes the wall-clock time, so a clock that jumped (the machine slept) is
//! just a later `now`.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use crate::credentials::status::EXPIRES_SOON;
use crate::vault::SessionKey;

/// One session as the clock sees it (from the vault's index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub key: SessionKey,
    /// When the current token or credentials end.
    pub expires_at: SystemTime,
    pub renewable: bool,
    /// How long before `expires_at` a renewal is due.
    pub renew_before: Duration,
    /// When the whole session ends, which no renewal can pass (console sign-ins): the
    /// warnings count down to it even while renewals go on.
    pub ends_at: Option<SystemTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Renew silently now.
    Renew(SessionKey),
    /// Tell the user the session ends in `left`.
    Warn { key: SessionKey, left: Duration },
}

/// Warnings already given: one per session, token end and lead time, never repeated.
#[derive(Debug, Default)]
pub struct Warned(HashSet<(SessionKey, SystemTime, Duration)>);

#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    pub due: Vec<Due>,
    /// The next moment something is due or a session changes state.
    pub next: Option<SystemTime>,
}

/// What is due at `now`, given the warning lead times and the earliest each session may
/// be renewed again. Warnings given are recorded in `warned`. After a jump past several lead
/// times only the closest one is given: "ends in 3 m", not also "ends in 15 m".
pub fn plan(
    watched: &[Watched],
    leads: &[Duration],
    retry_at: &HashMap<SessionKey, SystemTime>,
    warned: &mut Warned,
    now: SystemTime,
) -> Plan {
    let mut due = Vec::new();
    let mut next: Option<SystemTime> = None;
    let mut wake_at = |at: SystemTime| {
        if at > now {
            next = Some(next.map_or(at, |next| next.min(at)));
        }
    };
    for session in watched {
        let renewing = session.renewable && session.ends_at.is_none_or(|end| end > now);
        if renewing {
            let expires = session.expires_at;
            let renew_at = expires.checked_sub(session.renew_before).unwrap_or(expires);
            let at = retry_at
                .get(&session.key)
                .map_or(renew_at, |retry| renew_at.max(*retry));
            if now >= at {
                due.push(Due::Renew(session.key.clone()));
            }
            wake_at(at);
        }
        // Warnings count down to what only the user can extend: the session's end, or
        // the token of a session that cannot renew.
        let Some(end) = session
            .ends_at
            .or((!renewing).then_some(session.expires_at))
        else {
            continue;
        };
        if now >= end {
            continue;
        }
        let starts = |lead: &Duration| end.checked_sub(*lead).unwrap_or(end);
        let passed: Vec<Duration> = leads.iter().copied().filter(|l| now >= starts(l)).collect();
        if let Some(closest) = passed.iter().min().copied() {
            let fresh = warned.0.insert((session.key.clone(), end, closest));
            for lead in &passed {
                warned.0.insert((session.key.clone(), end, *lead));
            }
            if fresh {
                due.push(Due::Warn {
                    key: session.key.clone(),
                    left: end.duration_since(now).unwrap_or_default(),
                });
            }
        }
        leads.iter().for_each(|lead| wake_at(starts(lead)));
        wake_at(end.checked_sub(EXPIRES_SOON).unwrap_or(end));
        wake_at(end);
    }
    Plan { due, next }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn at(minutes: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000) + MINUTE * minutes as u32
    }

    fn key() -> SessionKey {
        SessionKey::SsoSession("corp".to_owned())
    }

    fn session(ends: SystemTime, renewable: bool) -> Vec<Watched> {
        vec![Watched {
            key: key(),
            expires_at: ends,
            renewable,
            renew_before: 15 * MINUTE,
            ends_at: None,
        }]
    }

    const LEADS: [Duration; 2] = [Duration::from_secs(15 * 60), Duration::from_secs(5 * 60)];

    #[test]
    fn a_session_that_cannot_renew_is_warned_at_each_lead_time_once() {
        let watched = session(at(60), false);
        let mut warned = Warned::default();
        let none = HashMap::new();
        let mut plan_at = |now| plan(&watched, &LEADS, &none, &mut warned, now);
        assert_eq!(
            plan_at(at(0)),
            Plan {
                due: vec![],
                next: Some(at(45))
            }
        );
        let first = plan_at(at(45));
        assert_eq!(
            first.due,
            [Due::Warn {
                key: key(),
                left: 15 * MINUTE
            }]
        );
        assert_eq!(first.next, Some(at(55)));
        assert_eq!(
            plan_at(at(50)).due,
            [],
            "the 15-minute warning is not repeated"
        );
        assert_eq!(
            plan_at(at(55)).due,
            [Due::Warn {
                key: key(),
                left: 5 * MINUTE
            }]
        );
        assert_eq!(plan_at(at(56)).due, []);
        assert_eq!(plan_at(at(58)).next, Some(at(60)), "wakes when it ends");
        assert_eq!(
            plan_at(at(61)),
            Plan {
                due: vec![],
                next: None
            }
        );
    }

    #[test]
    fn after_a_jump_past_both_lead_times_only_the_closest_warning_is_given() {
        let watched = session(at(60), false);
        let mut warned = Warned::default();
        let none = HashMap::new();
        let woke = plan(&watched, &LEADS, &none, &mut warned, at(57));
        assert_eq!(
            woke.due,
            [Due::Warn {
                key: key(),
                left: 3 * MINUTE
            }]
        );
        assert_eq!(plan(&watched, &LEADS, &none, &mut warned, at(58)).due, []);
    }

    #[test]
    fn a_new_token_end_is_warned_about_afresh() {
        let mut warned = Warned::default();
        let none = HashMap::new();
        plan(&session(at(60), false), &LEADS, &none, &mut warned, at(46));
        let renewed = plan(
            &session(at(120), false),
            &LEADS,
            &none,
            &mut warned,
            at(106),
        );
        assert_eq!(
            renewed.due,
            [Due::Warn {
                key: key(),
                left: 14 * MINUTE
            }]
        );
    }

    #[test]
    fn a_renewable_session_renews_15_minutes_before_its_end_and_is_not_warned() {
        let watched = session(at(60), true);
        let mut warned = Warned::default();
        let mut retry = HashMap::new();
        assert_eq!(
            plan(&watched, &LEADS, &retry, &mut warned, at(0)).next,
            Some(at(45))
        );
        assert_eq!(
            plan(&watched, &LEADS, &retry, &mut warned, at(50)).due,
            [Due::Renew(key())]
        );
        retry.insert(key(), at(52));
        let backing_off = plan(&watched, &LEADS, &retry, &mut warned, at(50));
        assert_eq!(
            backing_off,
            Plan {
                due: vec![],
                next: Some(at(52))
            }
        );
    }

    #[test]
    fn a_console_session_renews_its_credentials_and_is_warned_before_its_end() {
        let console = |expires_at| {
            vec![Watched {
                key: key(),
                expires_at,
                renewable: true,
                renew_before: 5 * MINUTE,
                ends_at: Some(at(720)),
            }]
        };
        let mut warned = Warned::default();
        let none = HashMap::new();
        // 15-minute credentials renew 5 minutes before they end.
        assert_eq!(
            plan(&console(at(15)), &LEADS, &none, &mut warned, at(0)).next,
            Some(at(10))
        );
        assert_eq!(
            plan(&console(at(15)), &LEADS, &none, &mut warned, at(10)).due,
            [Due::Renew(key())]
        );
        // Renewals go on, and the 12-hour end is warned about as it nears.
        let near_the_end = plan(&console(at(708)), &LEADS, &none, &mut warned, at(705));
        assert_eq!(
            near_the_end.due,
            [
                Due::Renew(key()),
                Due::Warn {
                    key: key(),
                    left: 15 * MINUTE
                }
            ]
        );
        // Past the end nothing renews, and the credentials' own end is not warned again.
        assert_eq!(
            plan(&console(at(725)), &LEADS, &none, &mut warned, at(721)),
            Plan {
                due: vec![],
                next: None
            }
        );
    }
}
