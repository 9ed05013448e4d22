//! The versions of a file before Awning's last changes, so a change can be undone — and
//! no secret in any of them.
//!
//! Each change is kept in `<data dir>/backups/<file key>/`: `NNNNNN.before` (the file
//! before the change with its secret values masked; absent when Awning created the file),
//! `NNNNNN.secrets` (the line and SHA-256 of each masked value) and `NNNNNN.after` (the
//! SHA-256 of what Awning wrote, to tell whether someone edited the file since). All are
//! 0600. Only the newest [`KEEP`] changes are kept. Undo fills each secret back from the
//! file as it is; one that is no longer there cannot come back.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::secrets::{MaskedCopy, digest};
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
    /// Where the file's previous version is kept (masked), to point the user at it.
    pub before_path: PathBuf,
    pub before: Option<MaskedCopy>,
    /// The SHA-256 of the file as Awning left it.
    pub after_digest: String,
}

impl Entry {
    /// Whether `text` is still what Awning wrote.
    pub fn is_after(&self, text: &str) -> bool {
        digest(text) == self.after_digest
    }
}

impl Backups {
    pub fn for_file(data_dir: &Path, target: &Path) -> Self {
        Self {
            dir: data_dir.join("backups").join(file_key(target)),
        }
    }

    /// Records a change from `before` (`None`: the file did not exist) to `after`; the
    /// sequence number, to [`Self::discard_sequence`] it if the change does not happen.
    pub fn record(&self, before: Option<&str>, after: &str) -> io::Result<u64> {
        trusted_private_dir(&self.dir)?;
        let sequence = self.sequences()?.last().map_or(1, |last| last + 1);
        if let Some(before) = before {
            let copy = MaskedCopy::of(before);
            write_private(&self.path(sequence, "before"), copy.text.as_bytes())?;
            write_private(
                &self.path(sequence, "secrets"),
                copy.digest_lines().as_bytes(),
            )?;
        }
        // Last: a change is recorded once its `.after` exists.
        write_private(&self.path(sequence, "after"), digest(after).as_bytes())?;
        for old in self.sequences()?.iter().rev().skip(KEEP) {
            self.discard_sequence(*old)?;
        }
        Ok(sequence)
    }

    pub fn latest(&self) -> io::Result<Option<Entry>> {
        let Some(&sequence) = self.sequences()?.last() else {
            return Ok(None);
        };
        let before_path = self.path(sequence, "before");
        let before = match read_optional(&before_path)? {
            None => None,
            Some(text) => {
                let digests = read_optional(&self.path(sequence, "secrets"))?.unwrap_or_default();
                Some(MaskedCopy::from_parts(text, &digests).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{} is not one Awning wrote", before_path.display()),
                    )
                })?)
            }
        };
        let after_digest = fs::read_to_string(self.path(sequence, "after"))?;
        Ok(Some(Entry {
            sequence,
            before_path,
            before,
            after_digest,
        }))
    }

    pub fn discard(&self, entry: &Entry) -> io::Result<()> {
        self.discard_sequence(entry.sequence)
    }

    pub fn discard_sequence(&self, sequence: u64) -> io::Result<()> {
        for suffix in ["after", "before", "secrets"] {
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

fn read_optional(path: &Path) -> io::Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
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
        backups.record(None, "v1").unwrap();
        for version in 2..=KEEP + 5 {
            let before = format!("v{}", version - 1);
            backups
                .record(Some(&before), &format!("v{version}"))
                .unwrap();
        }
        assert_eq!(backups.sequences().unwrap().len(), KEEP);
        let latest = backups.latest().unwrap().unwrap();
        assert!(latest.is_after(&format!("v{}", KEEP + 5)));
        assert_eq!(
            latest.before.map(|copy| copy.text),
            Some(format!("v{}", KEEP + 4))
        );
        backups.discard_sequence(latest.sequence).unwrap();
        let previous = backups.latest().unwrap().unwrap();
        assert!(previous.is_after(&format!("v{}", KEEP + 4)));
    }

    #[test]
    fn no_backup_file_holds_a_secret() {
        let data = tempfile::tempdir().unwrap();
        let backups = Backups::for_file(data.path(), Path::new("/home/ada/.aws/credentials"));
        let before = "[dev]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n";
        let after = "[dev]\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk\n";
        backups.record(Some(before), after).unwrap();
        for file in fs::read_dir(&backups.dir).unwrap() {
            let text = fs::read_to_string(file.unwrap().path()).unwrap();
            assert!(
                !text.contains("wJalrXUtnFEMI") && !text.contains("je7MtGbClwBF"),
                "{text}"
            );
        }
        let latest = backups.latest().unwrap().unwrap();
        assert!(latest.is_after(after));
        assert_eq!(latest.before.unwrap().restore(before).unwrap(), before);
    }

    #[test]
    fn a_file_awning_created_has_no_before() {
        let data = tempfile::tempdir().unwrap();
        let backups = Backups::for_file(data.path(), Path::new("/tmp/config"));
        backups.record(None, "new").unwrap();
        assert_eq!(backups.latest().unwrap().unwrap().before, None);
    }
}
