//! The versions of a file before Awning's last changes, so a change can be undone.
//!
//! Each change is kept as a pair in `<data dir>/backups/<file key>/`: `NNNNNN.before` (the
//! file before the change; absent when Awning created the file) and `NNNNNN.after` (what
//! Awning wrote, to tell whether someone edited the file since). Both are 0600. Only the
//! newest [`KEEP`] changes are kept.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::safe_write::{create_private_file, file_key, trusted_private_dir};

/// How many changes of one file can be undone.
pub(super) const KEEP: usize = 20;

#[derive(Debug)]
pub(super) struct Backups {
    dir: PathBuf,
}

/// One recorded change.
#[derive(Debug)]
pub(super) struct Entry {
    sequence: u64,
    /// Where the file's previous version is kept, to point the user at it.
    pub before_path: PathBuf,
    pub before: Option<Vec<u8>>,
    pub after: Vec<u8>,
}

impl Backups {
    pub fn for_file(data_dir: &Path, target: &Path) -> Self {
        Self {
            dir: data_dir.join("backups").join(file_key(target)),
        }
    }

    pub fn record(&self, before: Option<&[u8]>, after: &[u8]) -> io::Result<()> {
        trusted_private_dir(&self.dir)?;
        let sequence = self.sequences()?.last().map_or(1, |last| last + 1);
        if let Some(before) = before {
            write_private(&self.path(sequence, "before"), before)?;
        }
        write_private(&self.path(sequence, "after"), after)?;
        for old in self.sequences()?.iter().rev().skip(KEEP) {
            self.remove(*old)?;
        }
        Ok(())
    }

    pub fn latest(&self) -> io::Result<Option<Entry>> {
        let Some(&sequence) = self.sequences()?.last() else {
            return Ok(None);
        };
        let before_path = self.path(sequence, "before");
        let before = match fs::read(&before_path) {
            Ok(bytes) => Some(bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(error),
        };
        let after = fs::read(self.path(sequence, "after"))?;
        Ok(Some(Entry {
            sequence,
            before_path,
            before,
            after,
        }))
    }

    pub fn discard(&self, entry: &Entry) -> io::Result<()> {
        self.remove(entry.sequence)
    }

    fn remove(&self, sequence: u64) -> io::Result<()> {
        for suffix in ["before", "after"] {
            match fs::remove_file(self.path(sequence, suffix)) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
        Ok(())
    }

    /// Recorded sequence numbers, ascending; a change is recorded once its `.after` exists.
    fn sequences(&self) -> io::Result<Vec<u64>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut sequences = Vec::new();
        for entry in entries {
            let name = entry?.file_name();
            if let Some(number) = name.to_str().and_then(|name| name.strip_suffix(".after")) {
                sequences.extend(number.parse::<u64>().ok());
            }
        }
        sequences.sort_unstable();
        Ok(sequences)
    }

    fn path(&self, sequence: u64, suffix: &str) -> PathBuf {
        self.dir.join(format!("{sequence:06}.{suffix}"))
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = create_private_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_change_comes_back_first_and_only_the_newest_are_kept() {
        let data = tempfile::tempdir().unwrap();
        let backups = Backups::for_file(data.path(), Path::new("/home/ada/.aws/config"));
        backups.record(None, b"v1").unwrap();
        for version in 2..=KEEP + 5 {
            let before = format!("v{}", version - 1);
            backups
                .record(Some(before.as_bytes()), format!("v{version}").as_bytes())
                .unwrap();
        }
        assert_eq!(backups.sequences().unwrap().len(), KEEP);
        let latest = backups.latest().unwrap().unwrap();
        assert_eq!(latest.after, format!("v{}", KEEP + 5).as_bytes());
        assert_eq!(
            latest.before.as_deref(),
            Some(format!("v{}", KEEP + 4).as_bytes())
        );
        backups.discard(&latest).unwrap();
        let previous = backups.latest().unwrap().unwrap();
        assert_eq!(previous.after, format!("v{}", KEEP + 4).as_bytes());
    }

    #[test]
    fn a_file_awning_created_has_no_before() {
        let data = tempfile::tempdir().unwrap();
        let backups = Backups::for_file(data.path(), Path::new("/tmp/config"));
        backups.record(None, b"new").unwrap();
        assert_eq!(backups.latest().unwrap().unwrap().before, None);
    }
}
