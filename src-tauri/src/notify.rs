//! Desktop notifications for the agent's notices. Every call to the notification
//! service is bounded: a daemon that accepts a call and never replies must not hang
//! anything (notify-rust would wait forever).

use std::time::Duration;

use awning::agent::{Notice, Notifier};
use tauri::AppHandle;

use crate::window;

/// How long the notification service may take to accept a notification.
const SHOW_DEADLINE: Duration = Duration::from_secs(5);
/// How long a notification's "Sign in" stays answerable; daemons close notifications
/// long before this, which ends the wait earlier.
const ACTION_WAIT: Duration = Duration::from_secs(60 * 60);
const SIGN_IN: &str = "sign-in";

#[derive(Debug)]
pub struct DesktopNotifier {
    app: AppHandle,
}

impl DesktopNotifier {
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, notice: Notice) {
        let app = self.app.clone();
        tauri::async_runtime::spawn(show(app, notice));
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
async fn show(app: AppHandle, notice: Notice) {
    use notify_rust::{Notification, NotificationResponse};

    let mut notification = Notification::new();
    notification
        .appname("Awning")
        .summary(&notice.summary())
        .body(&notice.body())
        // A click on the notification itself opens Awning.
        .action("default", "Open Awning");
    if notice.offers_sign_in() {
        notification.action(SIGN_IN, "Sign in");
    }
    let handle = match tokio::time::timeout(SHOW_DEADLINE, notification.show_async()).await {
        Ok(Ok(handle)) => handle,
        Ok(Err(error)) => return eprintln!("Awning could not show a notification: {error}"),
        Err(_) => {
            return eprintln!(
                "Awning: the notification service did not answer within {} s",
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
async fn show(_app: AppHandle, notice: Notice) {
    let mut notification = notify_rust::Notification::new();
    notification.summary(&notice.summary()).body(&notice.body());
    let shown = tauri::async_runtime::spawn_blocking(move || notification.show().map(drop));
    if let Ok(Ok(Err(error))) = tokio::time::timeout(SHOW_DEADLINE, shown).await {
        eprintln!("Awning could not show a notification: {error}");
    }
}
