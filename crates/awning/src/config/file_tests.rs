use std::cell::Cell;
use std::fs;

use super::*;
use crate::config::SectionName;

struct Setup {
    _folder: tempfile::TempDir,
    file: ConfigFile,
    data: PathBuf,
}

fn setup(initial: Option<&str>) -> Setup {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("aws").join("config");
    if let Some(text) = initial {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
    }
    let data = folder.path().join("data");
    Setup {
        file: ConfigFile::new(path, FileKind::Config),
        data,
        _folder: folder,
    }
}

fn set<'a>(key: &'a str, value: &'a str) -> impl Fn(&mut Document) -> Result<(), EditError> + 'a {
    move |document| {
        document.set(
            FileKind::Config,
            &SectionName::Profile("dev".into()),
            key,
            value,
        )
    }
}

fn on_disk(setup: &Setup) -> String {
    fs::read_to_string(setup.file.path()).unwrap()
}

const DEV: &str = "# mine\n[profile dev]\nregion = eu-west-1\n";

#[test]
fn a_preview_shows_the_diff_and_writes_nothing() {
    let setup = setup(Some(DEV));
    let change = setup.file.preview(set("region", "us-east-1")).unwrap();
    assert_eq!(on_disk(&setup), DEV);
    let path = setup.file.path().display();
    assert_eq!(
        change.unified_diff(),
        format!(
            "--- {path}\n+++ {path}\n@@ -1,3 +1,3 @@\n # mine\n [profile dev]\n-region = eu-west-1\n+region = us-east-1\n"
        )
    );
}

#[test]
fn apply_writes_the_change_and_undo_puts_the_old_file_back() {
    let setup = setup(Some(DEV));
    let change = setup
        .file
        .apply(&setup.data, set("output", "json"))
        .unwrap();
    assert_eq!(on_disk(&setup), format!("{DEV}output = json\n"));
    assert!(!change.reapplied);
    let undone = setup.file.undo(&setup.data).unwrap();
    assert_eq!(on_disk(&setup), DEV);
    assert_eq!(undone.after, DEV);
    assert!(matches!(
        setup.file.undo(&setup.data),
        Err(FileError::NothingToUndo { .. })
    ));
}

#[test]
fn a_missing_file_and_folder_are_created_private_and_undo_removes_them_again() {
    let setup = setup(None);
    setup.file.apply(&setup.data, set("region", "x")).unwrap();
    assert_eq!(on_disk(&setup), "[profile dev]\nregion = x\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(setup.file.path()), 0o600);
        assert_eq!(mode(setup.file.path().parent().unwrap()), 0o700);
    }
    setup.file.undo(&setup.data).unwrap();
    assert!(!setup.file.path().exists());
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let setup = setup(Some(DEV));
    let change = setup
        .file
        .apply(&setup.data, set("region", "eu-west-1"))
        .unwrap();
    assert!(change.is_empty());
    assert!(matches!(
        setup.file.undo(&setup.data),
        Err(FileError::NothingToUndo { .. })
    ));
}

#[test]
fn a_change_made_on_disk_during_the_edit_is_kept_and_the_edit_reapplied() {
    let setup = setup(Some(DEV));
    let calls = Cell::new(0);
    let change = setup
        .file
        .apply(&setup.data, |document| {
            if calls.replace(calls.get() + 1) == 0 {
                // Someone saves the file in an editor while Awning is working.
                fs::write(
                    setup.file.path(),
                    format!("{DEV}[profile theirs]\nregion = x\n"),
                )
                .unwrap();
            }
            document.set(
                FileKind::Config,
                &SectionName::Profile("dev".into()),
                "output",
                "json",
            )
        })
        .unwrap();
    assert!(change.reapplied);
    assert_eq!(
        on_disk(&setup),
        "# mine\n[profile dev]\nregion = eu-west-1\noutput = json\n[profile theirs]\nregion = x\n"
    );
}

#[test]
fn undo_refuses_to_lose_an_edit_made_after_awnings_change() {
    let setup = setup(Some(DEV));
    setup
        .file
        .apply(&setup.data, set("output", "json"))
        .unwrap();
    fs::write(setup.file.path(), "# rewritten by hand\n").unwrap();
    let error = setup.file.undo(&setup.data).unwrap_err();
    assert!(matches!(error, FileError::UndoConflict { .. }), "{error}");
    assert_eq!(on_disk(&setup), "# rewritten by hand\n");
}

#[test]
fn a_failed_edit_leaves_the_file_untouched_and_names_it() {
    let setup = setup(Some(DEV));
    let error = setup
        .file
        .apply(&setup.data, |document| {
            document.unset(
                FileKind::Config,
                &SectionName::Profile("nope".into()),
                "region",
            )
        })
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: there is no profile nope in the file",
            setup.file.path().display()
        )
    );
    assert_eq!(on_disk(&setup), DEV);
}

#[test]
fn racing_writers_lose_neither_change() {
    let setup = setup(Some(DEV));
    std::thread::scope(|scope| {
        for writer in 0..8 {
            let (file, data) = (&setup.file, &setup.data);
            scope.spawn(move || {
                let key = format!("key_{writer}");
                file.apply(data, set(&key, "v")).unwrap();
            });
        }
    });
    let document = setup.file.read().unwrap();
    for writer in 0..8 {
        let key = format!("key_{writer}");
        let dev = SectionName::Profile("dev".into());
        assert_eq!(
            document.value(FileKind::Config, &dev, &key),
            Some("v"),
            "{key} lost"
        );
    }
}

#[test]
fn diffs_never_show_secret_values() {
    let change = Change {
        path: "credentials".into(),
        before: String::new(),
        after: "[dev]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\r\nAWS_SESSION_TOKEN=tok\n".into(),
        reapplied: false,
    };
    let diff = change.unified_diff();
    assert!(!diff.contains("s3cr3t") && !diff.contains("tok"), "{diff}");
    assert!(
        diff.contains("+aws_secret_access_key = ********\r\n"),
        "{diff}"
    );
    assert!(
        diff.contains("AKIAEXAMPLE"),
        "key ids are not secret: {diff}"
    );
}

const KEYS: &str = "[profile dev]\naws_access_key_id = AKIDEXAMPLE\n\
                    aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\nregion = eu-west-1\n";

/// Every byte Awning keeps in its data folder, as text.
fn kept_in(data: &Path) -> String {
    let mut kept = String::new();
    let mut folders = vec![data.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            if entry.file_type().unwrap().is_dir() {
                folders.push(entry.path());
            } else {
                kept.push_str(&String::from_utf8_lossy(&fs::read(entry.path()).unwrap()));
            }
        }
    }
    kept
}

#[test]
fn backups_hold_no_secret_and_undo_fills_them_back_from_the_file() {
    let setup = setup(Some(KEYS));
    setup
        .file
        .apply(&setup.data, set("region", "us-west-2"))
        .unwrap();
    let kept = kept_in(&setup.data);
    assert!(kept.contains("aws_secret_access_key = ********"), "{kept}");
    assert!(!kept.contains("wJalrXUtnFEMI"), "{kept}");
    setup.file.undo(&setup.data).unwrap();
    assert_eq!(on_disk(&setup), KEYS, "byte for byte, the secret too");
}

#[test]
fn undo_of_a_replaced_secret_is_refused_and_changes_nothing() {
    let setup = setup(Some(KEYS));
    setup
        .file
        .apply(
            &setup.data,
            set("aws_secret_access_key", "je7MtGbClwBF/2Zp9Utk"),
        )
        .unwrap();
    let rotated = on_disk(&setup);
    let refused = setup.file.undo(&setup.data).unwrap_err();
    assert!(
        matches!(refused, FileError::UndoSecretGone { line: 3, .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("nothing was changed"));
    assert_eq!(on_disk(&setup), rotated);
    assert!(!kept_in(&setup.data).contains("je7MtGbClwBF"));
}

#[test]
fn a_backup_that_cannot_be_kept_leaves_the_file_as_it_was() {
    let setup = setup(Some(DEV));
    // A file where the backups folder goes: even root cannot keep one there.
    fs::create_dir_all(&setup.data).unwrap();
    fs::write(setup.data.join("backups"), "").unwrap();
    let refused = setup
        .file
        .apply(&setup.data, set("region", "us-west-2"))
        .unwrap_err();
    assert!(matches!(refused, FileError::Backup { .. }), "{refused}");
    assert_eq!(on_disk(&setup), DEV, "\"nothing was changed\" is true");
}
