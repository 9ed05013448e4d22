//! What the line-based file models (`lines`, `yaml_doc`) share: a text cut into lines
//! that keep their endings, and the care a file without a final newline needs.

/// `text` as lines, each with its ending, and the ending new lines get (the first
/// line's: `\r\n` or `\n`).
pub fn split(text: &str) -> (Vec<String>, &'static str) {
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let ending = match lines.first() {
        Some(first) if first.ends_with("\r\n") => "\r\n",
        _ => "\n",
    };
    (lines, ending)
}

/// The line without its ending.
pub fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

/// Gives the line before `at` an ending if it has none; whether it needed one.
pub fn end_line_before(lines: &mut [String], at: usize, ending: &str) -> bool {
    let Some(line) = at.checked_sub(1).and_then(|index| lines.get_mut(index)) else {
        return false;
    };
    if line.ends_with('\n') {
        return false;
    }
    line.push_str(ending);
    true
}

/// Takes the ending off the last line, as it was before Awning added one.
pub fn strip_last_ending(lines: &mut [String]) {
    if let Some(last) = lines.last_mut() {
        let kept = content(last).len();
        last.truncate(kept);
    }
}

/// Writes the lines back, byte for byte.
pub fn write(lines: &[String], formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    lines.iter().try_for_each(|line| formatter.write_str(line))
}
