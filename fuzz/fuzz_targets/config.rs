//! The config parser and editor on arbitrary input: printing gives back every byte, and
//! edits either fail cleanly or read back as intended without panicking.
#![no_main]

use awning::config::{Document, FileKind, SectionName, validate_config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut document = Document::parse(text);
    assert_eq!(document.to_string(), text);
    let _ = validate_config(&document, &Document::default());

    // The input also picks the edit, so the fuzzer explores edits of its own documents.
    let name = text.lines().next().unwrap_or("p").chars().take(12).collect::<String>();
    let section = SectionName::Profile(name);
    if document.set(FileKind::Config, &section, "region", "eu-west-1").is_ok() {
        let reread = Document::parse(&document.to_string());
        assert_eq!(reread.value(FileKind::Config, &section, "region"), Some("eu-west-1"));
        let _ = document.unset(FileKind::Config, &section, "region");
        let _ = document.rename_section(FileKind::Config, &section, "renamed");
        let _ = document.remove_section(FileKind::Config, &SectionName::Profile("renamed".into()));
    }
});
