//! The files the agent's snapshot and plan are read from, watched: an edit by the
//! user, the CLI or another tool wakes the clock, which reads them again. Nothing is
//! read on a timer while they are watched.
//!
//! Each file's folder is watched rather than the file, because editors and Awning itself
//! replace a file by renaming a new one over it; events are kept only for the files'
//! names (and the names their links point to). A folder that does not exist yet, or
//! that went away, is watched as soon as it can be: until then [`FileWatch::arm`] says
//! so and the clock looks at the files each [`super::wall::CHECK`] instead.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

pub struct FileWatch {
    /// `None` where the platform gives no watcher: the clock then checks each minute.
    watcher: Option<RecommendedWatcher>,
    folders: Vec<PathBuf>,
    watched: HashSet<PathBuf>,
    /// Set when a watched folder was removed or renamed, or the watcher lost events:
    /// every folder is watched afresh.
    lost: Arc<AtomicBool>,
}

impl FileWatch {
    /// Watches `files` (none armed yet: see [`Self::arm`]), calling `wake` on a change.
    pub fn new(files: &[PathBuf], wake: impl Fn() + Send + 'static) -> Self {
        let interest = Interest::in_files(files);
        let folders = interest.folders.clone();
        let lost = Arc::new(AtomicBool::new(false));
        let watcher = {
            let lost = lost.clone();
            notify::recommended_watcher(move |event: notify::Result<Event>| {
                match interest.reaction(event.as_ref()) {
                    Reaction::Ignore => return,
                    Reaction::Read => {}
                    Reaction::WatchAgain => lost.store(true, Ordering::Relaxed),
                }
                wake();
            })
        };
        let watcher = watcher
            .inspect_err(|error| tracing::warn!("files cannot be watched ({error})"))
            .ok();
        Self {
            watcher,
            folders,
            watched: HashSet::new(),
            lost,
        }
    }

    /// Watches every folder not watched yet that exists now. Whether all are watched: if
    /// not, the caller looks at the files again within a minute and arms again.
    pub fn arm(&mut self) -> bool {
        let Some(watcher) = self.watcher.as_mut() else {
            return false;
        };
        if self.lost.swap(false, Ordering::Relaxed) {
            for folder in self.watched.drain() {
                // A folder that went away took its watch with it.
                let _ = watcher.unwatch(&folder);
            }
        }
        for folder in &self.folders {
            if !self.watched.contains(folder)
                && watcher.watch(folder, RecursiveMode::NonRecursive).is_ok()
            {
                self.watched.insert(folder.clone());
            }
        }
        self.watched.len() == self.folders.len()
    }
}

/// What the watcher looks out for: the files' names, in their folders.
struct Interest {
    names: HashSet<OsString>,
    folders: Vec<PathBuf>,
}

#[derive(Debug, PartialEq, Eq)]
enum Reaction {
    Ignore,
    /// One of the files changed: read them again.
    Read,
    /// A folder moved or events were lost: read the files and watch the folders anew.
    WatchAgain,
}

impl Interest {
    fn in_files(files: &[PathBuf]) -> Self {
        let mut interest = Self {
            names: HashSet::new(),
            folders: Vec::new(),
        };
        for path in files.iter().flat_map(|file| with_link_target(file)) {
            if let (Some(folder), Some(name)) = (path.parent(), path.file_name()) {
                interest.names.insert(name.to_owned());
                if !interest.folders.iter().any(|known| known == folder) {
                    interest.folders.push(folder.to_owned());
                }
            }
        }
        interest
    }

    fn reaction(&self, event: Result<&Event, &notify::Error>) -> Reaction {
        let Ok(event) = event else {
            return Reaction::WatchAgain;
        };
        if event.need_rescan() {
            return Reaction::WatchAgain;
        }
        // Opening and reading the files (or listing a folder) is what a wake-up does:
        // never a reason for one. (Closing a file written to is: the write is whole then.)
        if matches!(event.kind, EventKind::Access(kind)
            if kind != AccessKind::Close(AccessMode::Write))
        {
            return Reaction::Ignore;
        }
        // A folder removed or renamed took its watch with it.
        let folder_gone = matches!(
            event.kind,
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        ) && event.paths.iter().any(|path| self.folders.contains(path));
        if folder_gone {
            return Reaction::WatchAgain;
        }
        let ours = event.paths.iter().any(|path| {
            path.file_name()
                .is_some_and(|name| self.names.contains(name))
        });
        if ours {
            Reaction::Read
        } else {
            Reaction::Ignore
        }
    }
}

/// `file`, and the file its link points to when it is one (a config kept in a dotfiles
/// folder): an edit there changes what the agent reads.
fn with_link_target(file: &Path) -> Vec<PathBuf> {
    let mut paths = vec![file.to_owned()];
    if file.is_symlink()
        && let Ok(target) = file.canonicalize()
    {
        paths.push(target);
    }
    paths
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::Notify;

    use super::*;

    /// Whether `wake` is notified within a few seconds (a missed wake fails the test; a
    /// wake that comes at once costs nothing).
    async fn woken(wake: &Notify) -> bool {
        tokio::time::timeout(Duration::from_secs(5), wake.notified())
            .await
            .is_ok()
    }

    fn watch(files: &[PathBuf]) -> (FileWatch, Arc<Notify>) {
        let wake = Arc::new(Notify::new());
        let notify = wake.clone();
        (FileWatch::new(files, move || notify.notify_one()), wake)
    }

    #[tokio::test]
    async fn a_file_replaced_by_a_rename_wakes_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::write(&config, "[default]\n").unwrap();
        let (mut files, wake) = watch(std::slice::from_ref(&config));
        assert!(files.arm());
        let staged = dir.path().join(".config.new");
        std::fs::write(&staged, "[profile dev]\n").unwrap();
        std::fs::rename(&staged, &config).unwrap();
        assert!(woken(&wake).await);
    }

    fn event(kind: EventKind, path: &Path) -> Event {
        Event::new(kind).add_path(path.to_owned())
    }

    #[test]
    fn only_changes_to_the_files_themselves_are_read() {
        use notify::event::{CreateKind, MetadataKind, RenameMode};
        let interest = Interest::in_files(&[PathBuf::from("/home/ada/.aws/config")]);
        let config = Path::new("/home/ada/.aws/config");
        let react = |kind, path| interest.reaction(Ok(&event(kind, path)));
        assert_eq!(
            react(EventKind::Modify(ModifyKind::Name(RenameMode::To)), config),
            Reaction::Read
        );
        assert_eq!(
            react(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                config
            ),
            Reaction::Read
        );
        assert_eq!(
            react(EventKind::Access(AccessKind::Open(AccessMode::Any)), config),
            Reaction::Ignore,
            "the agent's own reads"
        );
        let lock = Path::new("/home/ada/.aws/config.lock");
        assert_eq!(
            react(EventKind::Create(CreateKind::File), lock),
            Reaction::Ignore
        );
        let folder = Path::new("/home/ada/.aws");
        assert_eq!(
            react(EventKind::Access(AccessKind::Open(AccessMode::Any)), folder),
            Reaction::Ignore,
            "a listing of the folder"
        );
        assert_eq!(
            react(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
                folder
            ),
            Reaction::Ignore,
            "the folder's mode changed, its watch stays"
        );
        let cache = Path::new("/home/ada/.aws/sso/cache");
        assert_eq!(
            react(EventKind::Create(CreateKind::Folder), cache),
            Reaction::Ignore
        );
    }

    #[test]
    fn a_folder_gone_or_events_lost_means_watching_anew() {
        use notify::event::{ModifyKind, RemoveKind};
        let interest = Interest::in_files(&[PathBuf::from("/home/ada/.aws/config")]);
        let folder = Path::new("/home/ada/.aws");
        let removed = event(EventKind::Remove(RemoveKind::Folder), folder);
        assert_eq!(interest.reaction(Ok(&removed)), Reaction::WatchAgain);
        let renamed = event(
            EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::From)),
            folder,
        );
        assert_eq!(interest.reaction(Ok(&renamed)), Reaction::WatchAgain);
        let error = notify::Error::generic("queue overflow");
        assert_eq!(interest.reaction(Err(&error)), Reaction::WatchAgain);
    }

    #[tokio::test]
    async fn a_folder_made_later_is_watched_once_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let aws = dir.path().join(".aws");
        let config = aws.join("config");
        let (mut files, wake) = watch(std::slice::from_ref(&config));
        assert!(
            !files.arm(),
            "a folder that does not exist cannot be watched"
        );
        std::fs::create_dir(&aws).unwrap();
        assert!(files.arm());
        std::fs::write(&config, "[default]\n").unwrap();
        assert!(woken(&wake).await);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn an_edit_through_a_link_target_wakes_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let dotfiles = dir.path().join("dotfiles");
        std::fs::create_dir(&dotfiles).unwrap();
        let target = dotfiles.join("aws-config");
        std::fs::write(&target, "[default]\n").unwrap();
        let link = dir.path().join("config");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (mut files, wake) = watch(std::slice::from_ref(&link));
        assert!(files.arm());
        std::fs::write(&target, "[profile dev]\n").unwrap();
        assert!(woken(&wake).await);
    }
}
