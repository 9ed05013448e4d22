//! Waiting for a moment of the wall clock.
//!
//! Tokio's timers count the monotonic clock, which stops while the machine sleeps: a
//! wait of an hour begun before a night's suspend would end an hour after waking. On
//! Linux a `CLOCK_REALTIME` timerfd set to the moment itself fires as soon as the
//! machine wakes past it, and, set to cancel when the clock is set (NTP, the user, a
//! resume), also returns then, so the caller plans again from the new time. Elsewhere a
//! wait is cut at [`CHECK`] and the caller plans again from the wall clock: a deadline
//! slept through is acted on within a minute of waking.

use std::time::{Duration, SystemTime};

/// Where the wall clock cannot be waited on, the longest a wait lasts.
pub const CHECK: Duration = Duration::from_secs(60);

/// Returns at `moment` by the wall clock (at once if it has passed) or earlier when the
/// clock is set; without a moment, never. The caller reads the clock again either way.
pub async fn until(moment: Option<SystemTime>) {
    let Some(moment) = moment else {
        return std::future::pending().await;
    };
    #[cfg(target_os = "linux")]
    match timerfd::until(moment).await {
        Ok(()) => return,
        // A process without timerfd (a seccomp sandbox) still gets its deadlines.
        Err(error) => tracing::debug!("no wall-clock timer ({error}); checking each minute"),
    }
    let wait = moment.duration_since(SystemTime::now()).unwrap_or_default();
    tokio::time::sleep(wait.min(CHECK)).await;
}

#[cfg(target_os = "linux")]
mod timerfd {
    use std::io;
    use std::os::fd::OwnedFd;
    use std::sync::Arc;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use rustix::io::Errno;
    use rustix::time::{
        Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags, Timespec, timerfd_create,
        timerfd_settime,
    };

    pub async fn until(moment: SystemTime) -> io::Result<()> {
        // Also keeps the timer from a zero value, which would disarm it.
        if moment <= SystemTime::now() {
            return Ok(());
        }
        let since_epoch = moment.duration_since(UNIX_EPOCH).unwrap_or_default();
        let timer = Arc::new(timerfd_create(
            TimerfdClockId::Realtime,
            TimerfdFlags::CLOEXEC,
        )?);
        set(
            &timer,
            since_epoch,
            TimerfdTimerFlags::ABSTIME | TimerfdTimerFlags::CANCEL_ON_SET,
        )?;
        // The read blocks a thread of tokio's pool (polling the timer would take unsafe
        // code); a wait given up fires the timer, which lets that thread go at once.
        let _release = Release(timer.clone());
        let read = tokio::task::spawn_blocking(move || {
            let mut expirations = [0u8; 8];
            loop {
                match rustix::io::read(&*timer, &mut expirations[..]) {
                    // Fired, or the clock was set: either way the caller reads it again.
                    Ok(_) | Err(Errno::CANCELED) => return Ok(()),
                    Err(Errno::INTR) => continue,
                    Err(error) => return Err(io::Error::from(error)),
                }
            }
        });
        read.await.map_err(io::Error::other)?
    }

    fn set(timer: &OwnedFd, value: Duration, flags: TimerfdTimerFlags) -> io::Result<()> {
        let once = Itimerspec {
            it_interval: Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: Timespec {
                tv_sec: i64::try_from(value.as_secs()).unwrap_or(i64::MAX),
                tv_nsec: value.subsec_nanos().into(),
            },
        };
        timerfd_settime(timer, flags, &once)?;
        Ok(())
    }

    /// Fires its timer when dropped: the moment just after the epoch has long passed.
    struct Release(Arc<OwnedFd>);

    impl Drop for Release {
        fn drop(&mut self) {
            let _ = set(&self.0, Duration::from_nanos(1), TimerfdTimerFlags::ABSTIME);
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
