//! Parsing, editing one key and safely writing a large config file.
//! Run through `scripts/bench-config.sh`, which times botocore on the same file.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use awning::config::{ConfigFile, Document, FileKind, SectionName};

const RUNS: usize = 30;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut work: impl FnMut()) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                work();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let path: PathBuf = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .expect("usage: config_edit CONFIG_FILE (see scripts/bench-config.sh)")
        .into();
    let text = std::fs::read_to_string(&path).expect("the config to measure");
    let target = SectionName::Profile("profile-2500".into());

    let parse = time(|| {
        black_box(Document::parse(black_box(&text)));
    });
    let edit = time(|| {
        let mut document = Document::parse(&text);
        document
            .set(FileKind::Config, &target, "region", "eu-north-1")
            .expect("the edit");
        black_box(document.to_string());
    });

    let folder = tempfile::tempdir().expect("a scratch folder");
    let copy = folder.path().join("config");
    let data = folder.path().join("data");
    let file = ConfigFile::new(&copy, FileKind::Config);
    let mut flip = false;
    let write = time(|| {
        std::fs::write(&copy, &text).expect("resetting the copy");
        flip = !flip;
        let region = if flip { "eu-north-1" } else { "eu-south-1" };
        file.apply(&data, |document| {
            document.set(FileKind::Config, &target, "region", region)
        })
        .expect("the write");
    });

    let lines = text.lines().count();
    println!(
        "awning   {lines} lines: parse {parse:?}, parse+edit+print {edit:?}, safe write {write:?} (median of {RUNS})"
    );
}
