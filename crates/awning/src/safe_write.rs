//! Reading and replacing a file so that no reader ever sees half of it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The file's text, or `None` when it does not exist.
pub(crate) fn read_text(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// The file to write: a symlinked config (dotfiles managers) is written through to its
/// target instead of being replaced by a regular file.
pub(crate) fn resolve_target(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A stable key for a file, to name its lock and backup folders.
pub(crate) fn file_key(path: &Path) -> String {
    short_hash(&path.to_string_lossy())
}

/// The first 8 bytes of the SHA-256 of `text` in hex: a file name for things whose own
/// names may hold any character.
pub(crate) fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Creates `dir` and its missing parents, private to the user (0700 on Unix).
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates Awning's own folder `dir` (0700) if need be, and trusts it only as ssh trusts
/// `~/.ssh`: owned by this user and writable by no one else. Another user who could
/// write there could plant a lock, a backup or a link; the error says what to run.
pub(crate) fn trusted_private_dir(dir: &Path) -> io::Result<()> {
    create_private_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let found = fs::metadata(dir)?;
        let shown = dir.display();
        if found.uid() != rustix::process::geteuid().as_raw() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{shown} belongs to another user; Awning keeps its files only in folders of yours — remove it, or run `chown -R $(id -u) {shown}`"
                ),
            ));
        }
        if found.mode() & 0o022 != 0 {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("other users can write in {shown}; run `chmod go-w {shown}` and try again"),
            ));
        }
    }
    Ok(())
}

/// Opens a new private file (0600 on Unix) for writing, failing if it exists.
pub(crate) fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Opens `path` for appending, created 0600 in a folder created 0700. A link planted
/// where the file goes is refused, never followed: Awning's log written through one would
/// grow any file of the user's (`~/.bashrc`).
pub fn append_private(path: &Path) -> io::Result<File> {
    create_private_dir(parent_dir(path))?;
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    }
    options.open(path)
}

/// An exclusive lock shared by every Awning process editing the same file. Holding the
/// open file holds the lock; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct EditLock {
    _file: File,
}

impl EditLock {
    pub fn acquire(data_dir: &Path, target: &Path) -> io::Result<Self> {
        let file = lock_file(data_dir, &file_key(target))?;
        file.lock()?;
        Ok(Self { _file: file })
    }
}

/// The (unlocked) file of the lock called `name` in Awning's data folder, created 0600.
pub(crate) fn lock_file(data_dir: &Path, name: &str) -> io::Result<File> {
    let locks = data_dir.join("locks");
    trusted_private_dir(data_dir)?;
    trusted_private_dir(&locks)?;
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A link planted where the lock goes is refused, never followed to another file.
        options
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    }
    options.open(locks.join(format!("{name}.lock")))
}

/// A complete new version of a file, written and flushed to disk beside it, that either
/// replaces the file whole or is thrown away.
#[derive(Debug)]
pub(crate) struct StagedWrite {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl StagedWrite {
    pub fn new(target: &Path, text: &[u8]) -> io::Result<Self> {
        let dir = parent_dir(target);
        create_private_dir(dir)?;
        // tempfile creates the file 0600 on Unix: the new version is private from its
        // first byte, whatever the old file's mode was.
        // Named after its target, so cleaning up after one file never takes the stage
        // of another being written at the same time.
        let mut temp = tempfile::Builder::new()
            .prefix(&stage_prefix(target))
            .suffix(STAGE_SUFFIX)
            .rand_bytes(STAGE_RANDOM)
            .tempfile_in(dir)?;
        temp.write_all(text)?;
        temp.as_file().sync_all()?;
        Ok(Self {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// Gives the new version `mode` instead of 0600 (Unix only).
    pub fn set_mode(&self, mode: u32) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            self.temp
                .as_file()
                .set_permissions(fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        Ok(())
    }

    /// Renames the staged file over the target and flushes the folder entry, so a crash
    /// leaves either the old file or the new one.
    pub fn commit(self) -> io::Result<()> {
        self.temp
            .persist(&self.target)
            .map_err(|error| error.error)?;
        sync_dir(parent_dir(&self.target))
    }
}

/// Removes the staging files a killed Awning process left for `target` (and those of
/// versions that did not name them after their target). Call it only while holding the
/// [`EditLock`]: every writer of `target` stages under it, so a stage of `target` found
/// then is abandoned.
pub(crate) fn remove_abandoned_stages(target: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(parent_dir(target)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_stage_of(&name, target) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Replaces `target` whole with `bytes` (0600), first clearing the stages killed writers
/// of `target` left — in a folder that holds tokens, a stage is a copy of one. Call it
/// only while holding `target`'s [`EditLock`].
pub(crate) fn replace_locked(target: &Path, bytes: &[u8]) -> io::Result<()> {
    remove_abandoned_stages(target)?;
    StagedWrite::new(target, bytes)?.commit()
}

const STAGE_PREFIX: &str = ".awning-";
const STAGE_SUFFIX: &str = ".tmp";
const STAGE_RANDOM: usize = 6;

/// `.awning-config.` for `~/.aws/config`.
fn stage_prefix(target: &Path) -> String {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    format!("{STAGE_PREFIX}{name}.")
}

/// `.awning-NAME.XXXXXX.tmp` for the target `NAME`, or an unnamed `.awning-XXXXXX.tmp`.
fn is_stage_of(file: &str, target: &Path) -> bool {
    let random = |middle: &str| {
        middle.len() == STAGE_RANDOM && middle.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let Some(rest) = file.strip_suffix(STAGE_SUFFIX) else {
        return false;
    };
    let named = rest.strip_prefix(&stage_prefix(target)).is_some_and(random);
    let unnamed = rest.strip_prefix(STAGE_PREFIX).is_some_and(random);
    named || unnamed
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_planted_where_a_lock_goes_is_refused_not_followed() {
        let data = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::NamedTempFile::new().unwrap();
        fs::write(elsewhere.path(), "someone else's file").unwrap();
        fs::create_dir_all(data.path().join("locks")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), data.path().join("locks/planted.lock"))
            .unwrap();
        assert!(lock_file(data.path(), "planted").is_err());
        assert_eq!(
            fs::read_to_string(elsewhere.path()).unwrap(),
            "someone else's file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_where_the_log_goes_is_refused_not_followed() {
        let data = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::NamedTempFile::new().unwrap();
        fs::write(elsewhere.path(), "export PATH=/usr/bin\n").unwrap();
        fs::create_dir_all(data.path().join("logs")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), data.path().join("logs/awning.log")).unwrap();
        assert!(append_private(&data.path().join("logs/awning.log")).is_err());
        assert_eq!(
            fs::read_to_string(elsewhere.path()).unwrap(),
            "export PATH=/usr/bin\n"
        );
    }

    #[test]
    fn a_staged_write_replaces_the_file_whole_and_private() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("aws").join("config");
        StagedWrite::new(&target, b"[default]\n")
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"[default]\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&target), 0o600);
            assert_eq!(mode(target.parent().unwrap()), 0o700);
        }
        let leftovers = fs::read_dir(target.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_staged_write_that_is_dropped_leaves_the_file_alone() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("config");
        fs::write(&target, "old").unwrap();
        drop(StagedWrite::new(&target, b"new").unwrap());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_data_folder_others_can_write_in_is_refused_with_what_to_run() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().unwrap();
        fs::set_permissions(data.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let refused = lock_file(data.path(), "config").unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
        assert!(refused.to_string().contains("chmod go-w"), "{refused}");
        assert!(!data.path().join("locks").exists(), "nothing made inside");
        fs::set_permissions(data.path(), fs::Permissions::from_mode(0o700)).unwrap();
        assert!(lock_file(data.path(), "config").is_ok());
    }

    #[test]
    fn abandoned_stages_are_removed_and_nothing_else() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("config");
        fs::write(&target, "mine").unwrap();
        fs::write(folder.path().join(".awning-abc123.tmp"), "half").unwrap();
        fs::write(folder.path().join(".awning-config.Xy7Q2z.tmp"), "half").unwrap();
        fs::write(folder.path().join("credentials"), "theirs").unwrap();
        // Another file's write under way, with its own lock: its stage stays.
        let other = StagedWrite::new(&folder.path().join("credentials"), b"new").unwrap();
        fs::write(
            folder.path().join(".awning-config.bak.Xy7Q2z.tmp"),
            "not ours",
        )
        .unwrap();
        remove_abandoned_stages(&target).unwrap();
        let mut left: Vec<String> = fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), 4, "{left:?}");
        assert_eq!(left[0], ".awning-config.bak.Xy7Q2z.tmp");
        assert!(left[1].starts_with(".awning-credentials."), "{left:?}");
        assert_eq!(left[2..], ["config", "credentials"]);
        other.commit().unwrap();
        assert_eq!(
            fs::read_to_string(folder.path().join("credentials")).unwrap(),
            "new"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_config_is_written_through_to_its_target() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("dotfiles-config");
        let link = folder.path().join("config");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        StagedWrite::new(&resolve_target(&link), b"new")
            .unwrap()
            .commit()
            .unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}
