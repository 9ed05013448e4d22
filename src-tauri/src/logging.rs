//! The log file: `awning.log` in the data folder's `logs/`, at info unless `AWNING_LOG`
//! says otherwise (`AWNING_LOG=debug`, or any tracing filter). When a file reaches
//! [`MAX_BYTES`] it becomes `awning.log.1`, the older ones move up, and only
//! [`KEPT_FILES`] are kept, so the log never grows without bound.
//!
//! What is logged is names, times and codes (see the agent's activity); secrets cannot
//! reach it, since every secret is a `Secret` that prints as `********`.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use awning::append_private;
use tracing_subscriber::EnvFilter;

const MAX_BYTES: u64 = 1024 * 1024;
const KEPT_FILES: usize = 5;
const FILE_NAME: &str = "awning.log";

/// Starts logging to the data folder; a log that cannot be opened is said on stderr and
/// the app runs without one.
pub fn start(data_dir: &Path) {
    let folder = data_dir.join("logs");
    let file = match RotatingFile::open(&folder, MAX_BYTES, KEPT_FILES) {
        Ok(file) => file,
        Err(error) => {
            return eprintln!(
                "Awning cannot write its log in {}: {error}",
                folder.display()
            );
        }
    };
    let filter = EnvFilter::try_from_env("AWNING_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    if installed.is_err() {
        eprintln!("Awning's log was already started");
    }
}

/// A file that rolls over to numbered older files when it grows past a size.
#[derive(Debug)]
pub struct RotatingFile {
    path: PathBuf,
    file: File,
    written: u64,
    max_bytes: u64,
    kept: usize,
}

impl RotatingFile {
    pub fn open(folder: &Path, max_bytes: u64, kept: usize) -> io::Result<Self> {
        let path = folder.join(FILE_NAME);
        let file = append_private(&path)?;
        let written = file.metadata()?.len();
        Ok(Self {
            path,
            file,
            written,
            max_bytes,
            kept,
        })
    }

    fn numbered(&self, n: usize) -> PathBuf {
        self.path.with_extension(format!("log.{n}"))
    }

    /// `awning.log.(k-1)` → `.k`, …, `awning.log` → `.1`, and a fresh `awning.log`.
    fn roll_over(&mut self) -> io::Result<()> {
        for n in (1..self.kept).rev() {
            let from = if n == 1 {
                self.path.clone()
            } else {
                self.numbered(n - 1)
            };
            match std::fs::rename(&from, self.numbered(n)) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
        self.file = append_private(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.written > 0 && self.written + bytes.len() as u64 > self.max_bytes {
            self.roll_over()?;
        }
        let count = self.file.write(bytes)?;
        self.written += count as u64;
        Ok(count)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rolls_over_and_keeps_a_bounded_number_of_files() {
        let folder = tempfile::tempdir().unwrap();
        let mut log = RotatingFile::open(folder.path(), 100, 3).unwrap();
        for n in 0..20 {
            writeln!(log, "line {n:02} {}", "x".repeat(30)).unwrap();
        }
        let mut names: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["awning.log", "awning.log.1", "awning.log.2"]);
        for name in &names {
            let size = std::fs::metadata(folder.path().join(name)).unwrap().len();
            assert!(size <= 100, "{name} has {size} bytes");
        }
        let newest = std::fs::read_to_string(folder.path().join("awning.log")).unwrap();
        assert!(newest.ends_with(&format!("line 19 {}\n", "x".repeat(30))));
    }

    #[test]
    fn a_reopened_log_counts_what_it_already_holds() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join(FILE_NAME), "y".repeat(90)).unwrap();
        let mut log = RotatingFile::open(folder.path(), 100, 2).unwrap();
        writeln!(log, "{}", "z".repeat(20)).unwrap();
        let rolled = std::fs::read_to_string(folder.path().join("awning.log.1")).unwrap();
        assert_eq!(rolled, "y".repeat(90));
    }
}
