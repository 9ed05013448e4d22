//! The owner of every task the app spawns: they are aborted together when the app
//! exits, so nothing outlives the app's state or writes after "Quit".

use std::future::Future;
use std::sync::Mutex;

use tokio::task::AbortHandle;

#[derive(Debug, Default)]
pub struct Tasks {
    running: Mutex<Vec<AbortHandle>>,
}

impl Tasks {
    /// Runs `work` on the app's runtime until it ends or the app exits.
    pub fn spawn(&self, work: impl Future<Output = ()> + Send + 'static) {
        let handle = tauri::async_runtime::spawn(work).inner().abort_handle();
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|task| !task.is_finished());
        running.push(handle);
    }

    /// Aborts every task still running.
    pub fn abort_all(&self) {
        let running = std::mem::take(&mut *self.running.lock().unwrap_or_else(|e| e.into_inner()));
        for task in running {
            task.abort();
        }
    }

    #[cfg(test)]
    pub fn count(&self) -> usize {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|task| !task.is_finished());
        running.len()
    }
}
