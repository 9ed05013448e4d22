//! The Activity page.

use std::sync::Arc;

use awning::agent::Agent;
use awning::problem::Problem;
use tauri::State;

use super::views::ActivityItem;

/// The recent events, newest first.
#[tauri::command]
#[specta::specta]
pub async fn activity(agent: State<'_, Arc<Agent>>) -> Result<Vec<ActivityItem>, Problem> {
    let mut items: Vec<ActivityItem> = agent
        .activity
        .recent()
        .into_iter()
        .map(ActivityItem::from)
        .collect();
    items.reverse();
    Ok(items)
}
