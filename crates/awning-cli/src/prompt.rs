//! What a person sees in the terminal while a sign-in waits: the URL and the code,
//! always, so they can compare them with the page. On stderr, because the stdout of
//! `credential-process` belongs to the tool that runs it.

use std::time::SystemTime;

use awning::sso::SignInPrompt;
use awning::sso::oidc::DeviceAuthorization;

#[derive(Debug)]
pub struct TerminalPrompt {
    /// How to sign in with a device code instead, for the browser flow's message.
    pub device_code_command: String,
}

impl SignInPrompt for TerminalPrompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        let opening = match opened {
            Ok(()) => "Sign in in the browser that just opened. If it did not open, open this URL on this machine:".to_owned(),
            Err(why) => format!("The browser could not be opened ({why}). Open this URL on this machine:"),
        };
        eprintln!(
            "{opening}\n\n  {url}\n\nIf this machine has no browser, run `{}` instead.\n",
            self.device_code_command
        );
    }

    fn device_sign_in(&self, device: &DeviceAuthorization, opened: Result<(), String>) {
        let minutes = device
            .expires_at
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            .as_secs()
            .div_ceil(60);
        let opening = match opened {
            Ok(()) => {
                "Sign in in the browser that just opened. If it did not open, or to use another device, open:"
            }
            Err(_) => "To sign in, open this URL on any device:",
        };
        eprintln!(
            "{opening}\n\n  {}\n\nand enter the code\n\n  {}\n\n(valid for {minutes} minutes)",
            device.verification_uri, device.user_code
        );
        if let Some(complete) = &device.verification_uri_complete {
            eprintln!("\nOr open this URL, which fills in the code:\n\n  {complete}\n");
        }
    }
}
