//! Opening a sign-in page in the user's browser. `BROWSER` is honoured as the AWS CLI
//! (Python's `webbrowser`) reads it, which is how WSL users reach a Windows browser:
//! commands separated by the path separator, each split shell-style, `%s` replaced by
//! the URL or the URL appended. Without it, the desktop's default browser opens.

use std::process::{Child, Command, Stdio};

/// Opens URLs for a sign-in.
pub trait Browser: Send + Sync {
    /// Starts showing `url`; returns once the browser was started, not when the user
    /// is done.
    fn open(&self, url: &str) -> Result<(), String>;

    /// Whether a browser on this machine can show a page at all; when not (an SSH
    /// session without a display), sign-ins use the device flow.
    fn available(&self) -> bool {
        true
    }
}

/// The user's browser: `BROWSER`, else the desktop default.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), String> {
        match std::env::var("BROWSER") {
            Ok(commands) if !commands.trim().is_empty() => {
                let mut child = launch(&commands, url)?;
                // Reap it whenever it ends, without waiting here: the sign-in goes on.
                std::thread::spawn(move || child.wait());
                Ok(())
            }
            _ => open::that_detached(url)
                .map_err(|error| format!("no browser could be started: {error}")),
        }
    }

    fn available(&self) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        // X11 and Wayland desktops say so; macOS and Windows always have one.
        set("BROWSER")
            || !cfg!(any(target_os = "linux", target_os = "freebsd"))
            || set("DISPLAY")
            || set("WAYLAND_DISPLAY")
    }
}

/// Tries each command of a `BROWSER` value in turn; the first that starts wins.
fn launch(commands: &str, url: &str) -> Result<Child, String> {
    let separator = if cfg!(windows) { ';' } else { ':' };
    let mut failures = Vec::new();
    for command in commands.split(separator).filter(|c| !c.trim().is_empty()) {
        match start(&command_line(command, url)) {
            Ok(child) => return Ok(child),
            Err(error) => failures.push(format!("{command}: {error}")),
        }
    }
    Err(format!(
        "the BROWSER command could not be started ({})",
        failures.join("; ")
    ))
}

/// The words to run for one `BROWSER` entry: `%s` becomes the URL, else it is appended.
fn command_line(command: &str, url: &str) -> Vec<String> {
    let mut words = shlex::split(command)
        .unwrap_or_else(|| command.split_whitespace().map(str::to_owned).collect());
    if command.contains("%s") {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_owned());
    }
    words
}

fn start(words: &[String]) -> Result<Child, String> {
    let (program, arguments) = words.split_first().ok_or("an empty command")?;
    Command::new(program)
        .args(arguments)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_appended_or_put_in_place_of_percent_s() {
        let url = "https://x/authorize?a=1&b=2";
        assert_eq!(
            command_line("'/mnt/c/Program Files/Firefox/firefox.exe' --new-tab", url),
            ["/mnt/c/Program Files/Firefox/firefox.exe", "--new-tab", url]
        );
        assert_eq!(command_line("wslview %s", url), ["wslview", url]);
    }

    #[cfg(unix)]
    #[test]
    fn the_first_command_that_starts_wins() {
        let dir = tempfile::tempdir().unwrap();
        let seen = dir.path().join("seen");
        let script = format!("sh -c 'echo \"$0\" > {}'", seen.display());
        let mut child = launch(
            &format!("/nonexistent/browser:{script}"),
            "https://example/x",
        )
        .unwrap();
        assert!(child.wait().unwrap().success());
        assert_eq!(
            std::fs::read_to_string(&seen).unwrap().trim(),
            "https://example/x"
        );
        let error = launch("/nonexistent/one:/nonexistent/two", "u").unwrap_err();
        assert!(error.contains("/nonexistent/two"), "{error}");
    }
}
