//! Waiting for a moment of the wall clock, counting the time the machine sleeps.
//!
//! Tokio's timers count the monotonic clock, which stops while the machine sleeps: a
//! wait of an hour begun before a night's suspend would end an hour after waking. On
//! Linux the wait is a timerfd on `CLOCK_BOOTTIME`, which goes on counting in a suspend,
//! so it ends as soon as a machine that slept past the moment wakes. The wait is the
//! time from now to the moment by the process's own clock: a clock set meanwhile (or
//! moved by libfaketime, as the end-to-end tests run the app) is the caller's to notice,
//! and the clock's scheduler looks each [`CHECK`]. Elsewhere the wait is cut at
//! [`CHECK`] and the caller plans again from the wall clock.

use std::time::{Duration, SystemTime};

/// The longest a wait lasts where the time asleep cannot be counted, and how often the
/// scheduler looks at the wall clock in case it was set.
pub const CHECK: Duration = Duration::from_secs(60);

/// Returns at `moment` by the wall clock as it reads now (at once if it has passed), also
/// when the machine slept meanwhile; without a moment, never.
pub async fn until(moment: Option<SystemTime>) {
    let Some(moment) = moment else {
        return std::future::pending().await;
    };
    #[cfg(target_os = "linux")]
    match timerfd::until(moment).await {
        Ok(()) => return,
        // A process without timerfd (a seccomp sandbox) still gets its deadlines.
        Err(error) => tracing::debug!("no timer that counts sleep ({error}); waits are cut"),
    }
    let wait = moment.duration_since(SystemTime::now()).unwrap_or_default();
    tokio::time::sleep(wait.min(CHECK)).await;
}

#[cfg(target_os = "linux")]
mod timerfd {
    use std::io;
    use std::os::fd::OwnedFd;
    use std::sync::Arc;
    use std::time::{Duration, SystemTime};

    use rustix::io::Errno;
    use rustix::time::{
        Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags, Timespec, timerfd_create,
        timerfd_settime,
    };

    pub async fn until(moment: SystemTime) -> io::Result<()> {
        let wait = moment.duration_since(SystemTime::now()).unwrap_or_default();
        // A zero value would disarm the timer rather than fire it.
        if wait.is_zero() {
            return Ok(());
        }
        let timer = Arc::new(timerfd_create(
            TimerfdClockId::Boottime,
            TimerfdFlags::CLOEXEC,
        )?);
        set(&timer, wait)?;
        // The read blocks a thread of tokio's pool (polling the timer would take unsafe
        // code); a wait given up fires the timer, which lets that thread go at once.
        let _release = Release(timer.clone());
        let read = tokio::task::spawn_blocking(move || {
            let mut expirations = [0u8; 8];
            loop {
                match rustix::io::read(&*timer, &mut expirations[..]) {
                    Ok(_) => return Ok(()),
                    Err(Errno::INTR) => continue,
                    Err(error) => return Err(io::Error::from(error)),
                }
            }
        });
        read.await.map_err(io::Error::other)?
    }

    /// Arms `timer` to fire once, `after` from now.
    fn set(timer: &OwnedFd, after: Duration) -> io::Result<()> {
        let once = Itimerspec {
            it_interval: Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: Timespec {
                tv_sec: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                tv_nsec: after.subsec_nanos().into(),
            },
        };
        timerfd_settime(timer, TimerfdTimerFlags::empty(), &once)?;
        Ok(())
    }

    /// Fires its timer when dropped.
    struct Release(Arc<OwnedFd>);

    impl Drop for Release {
        fn drop(&mut self) {
            let _ = set(&self.0, Duration::from_nanos(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_wait_lasts_until_its_moment_by_the_wall_clock() {
        let moment = SystemTime::now() + Duration::from_millis(300);
        until(Some(moment)).await;
        assert!(SystemTime::now() >= moment);
    }

    #[tokio::test]
    async fn a_moment_already_passed_ends_the_wait_at_once() {
        let passed = SystemTime::now() - Duration::from_secs(3600);
        tokio::time::timeout(Duration::from_secs(5), until(Some(passed)))
            .await
            .expect("a wait for a moment passed returns at once");
    }

    #[test]
    fn a_wait_given_up_lets_its_thread_go() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
        runtime.block_on(async {
            let given_up =
                tokio::time::timeout(Duration::from_millis(50), until(Some(in_an_hour))).await;
            assert!(given_up.is_err());
        });
        // A runtime dropped waits for its blocking threads: a thread still reading the
        // timer would hold it for an hour.
        let (done, dropped) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            drop(runtime);
            let _ = done.send(());
        });
        assert!(dropped.recv_timeout(Duration::from_secs(10)).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_moment_the_wait_never_ends() {
        // Paused time runs ahead to the timeout at once: no real waiting.
        let waited = tokio::time::timeout(Duration::from_secs(24 * 3600), until(None)).await;
        assert!(waited.is_err());
    }
}
