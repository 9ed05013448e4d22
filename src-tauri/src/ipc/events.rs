//! What the web view hears without asking: every change of the agent's snapshot, and
//! every new Activity event.

use std::sync::Arc;

use awning::agent::Agent;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::views::SessionsView;
use crate::tasks::Tasks;

/// Sent whenever any session changes (the window counts time left down itself).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SessionsChanged(pub SessionsView);

/// Sent when the agent records an event; the Activity page fetches the list again.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ActivityRecorded;

/// Forwards the agent's changes to the web view while the app runs; nobody listening
/// (no window) is fine.
pub fn forward_changes<R: Runtime>(app: &AppHandle<R>) {
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    let tasks = app.state::<Tasks>();
    let mut changes = agent.subscribe();
    let to = app.clone();
    tasks.spawn(async move {
        while changes.changed().await.is_ok() {
            let view = SessionsView::from(&*changes.borrow_and_update());
            let _ = SessionsChanged(view).emit(&to);
        }
    });
    let mut recorded = agent.activity.subscribe();
    let to = app.clone();
    tasks.spawn(async move {
        while recorded.changed().await.is_ok() {
            let _ = ActivityRecorded.emit(&to);
        }
    });
}
