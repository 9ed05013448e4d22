//! Desktop notifications for the agent's notices, in the catalogue's words. Every call
//! to the notification service is bounded: a daemon that accepts a call and never
//! replies must not hang anything (notify-rust would wait forever).

use std::sync::Arc;
use std::time::Duration;

use awning::agent::{Agent, Notice, Notifier};
use awning::urls::printable;
use tauri::{AppHandle, Manager, Runtime};

use crate::tasks::Tasks;
use crate::window;

/// How long the notification service may take to accept a notification.
const SHOW_DEADLINE: Duration = Duration::from_secs(5);
/// How long a notification's "Sign in" stays answerable; daemons close notifications
/// long before this, which ends the wait earlier.
#[cfg(all(unix, not(target_os = "macos")))]
const ACTION_WAIT: Duration = Duration::from_secs(60 * 60);
#[cfg(all(unix, not(target_os = "macos")))]
const SIGN_IN: &str = "sign-in";

#[derive(Debug)]
pub struct DesktopNotifier<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> DesktopNotifier<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        Self { app }
    }
}

impl<R: Runtime> Notifier for DesktopNotifier<R> {
    fn notify(&self, notice: Notice) {
        let app = self.app.clone();
        self.app.state::<Tasks>().spawn(show(app, notice));
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
async fn show<R: Runtime>(app: AppHandle<R>, notice: Notice) {
    use notify_rust::{Notification, NotificationResponse};

    let words = app.state::<Arc<Agent>>().words();
    let mut notification = Notification::new();
    notification
        .appname("Awning")
        .summary(&printable(&notice.summary(words)))
        .body(&markup_escaped(&notice.body(words)))
        // A click on the notification itself opens Awning.
        .action("default", &words.text("notice.action-open", &[]));
    if notice.offers_sign_in() {
        notification.action(SIGN_IN, &words.text("notice.action-sign-in", &[]));
    }
    let handle = match tokio::time::timeout(SHOW_DEADLINE, notification.show_async()).await {
        Ok(Ok(handle)) => handle,
        Ok(Err(error)) => return tracing::warn!("could not show a notification: {error}"),
        Err(_) => {
            return tracing::warn!(
                "the notification service did not answer within {} s",
                SHOW_DEADLINE.as_secs()
            );
        }
    };
    let mut chosen = None;
    let wait = handle.wait_for_action_async(|response| chosen = Some(response.clone()));
    if tokio::time::timeout(ACTION_WAIT, wait).await.is_err() {
        return;
    }
    match chosen {
        Some(NotificationResponse::Action(action)) if action == SIGN_IN => {
            window::sign_in_from_notice(&app, &notice);
        }
        Some(NotificationResponse::Default) => window::show_main(&app),
        _ => {}
    }
}

/// Elsewhere notifications carry no actions; the tray and window offer the sign-in.
#[cfg(not(all(unix, not(target_os = "macos"))))]
async fn show<R: Runtime>(app: AppHandle<R>, notice: Notice) {
    let words = app.state::<Arc<Agent>>().words();
    let mut notification = notify_rust::Notification::new();
    notification
        .summary(&printable(&notice.summary(words)))
        .body(&notice.body(words));
    let shown = tauri::async_runtime::spawn_blocking(move || notification.show().map(drop));
    if let Ok(Ok(Err(error))) = tokio::time::timeout(SHOW_DEADLINE, shown).await {
        tracing::warn!("could not show a notification: {error}");
    }
}

/// A body as the freedesktop notification servers take it: they read a subset of HTML,
/// so a session or repository name holding `<b>` or `&` must show as written. Control
/// characters go; line breaks stay.
#[cfg(all(unix, not(target_os = "macos")))]
fn markup_escaped(text: &str) -> String {
    text.lines()
        .map(|line| {
            printable(line)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(all(test, unix, not(target_os = "macos")))]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_markup_or_control_characters_shows_as_plain_text() {
        assert_eq!(
            markup_escaped("npm for <b>acme</b> & co\u{1b}[2J\nsign in"),
            "npm for &lt;b&gt;acme&lt;/b&gt; &amp; co[2J\nsign in"
        );
    }
}
