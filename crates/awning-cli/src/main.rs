//! `awning`: the command line of Awning.

mod codeartifact;
mod config;
mod console;
mod context;
mod credentials;
mod hints;
mod keys;
mod profiles;
mod prompt;
mod sign_in;
mod status;
mod vault;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "awning",
    version,
    about = "AWS sign-in from the system tray — the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign in to IAM Identity Center (a browser opens; --device-code for a code), or
    /// with the AWS console's sign-in (--console).
    Login(sign_in::LoginArgs),
    /// Sign out: end the session at IAM Identity Center and remove its tokens here;
    /// for a console sign-in, remove its tokens and key.
    Logout(sign_in::LogoutArgs),
    /// Every session and profile: state, expiry, time left, silent renewal.
    Status(status::StatusArgs),
    /// Print credentials for `credential_process` (the AWS SDKs run this): role
    /// credentials of IAM Identity Center, or a console sign-in's.
    CredentialProcess(credentials::CredentialProcessArgs),
    /// Print credentials as `aws configure export-credentials` does.
    Export(credentials::ExportArgs),
    /// List the profiles of your AWS config file (AWS_CONFIG_FILE, else ~/.aws/config),
    /// or write one for every account and role of an sso-session (`discover`).
    Profiles(profiles::ProfilesArgs),
    /// Edit or check the AWS config and credentials files; every change can be undone.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Configure npm, pip and other package managers for AWS CodeArtifact, take it
    /// back, and print fresh tokens.
    #[command(subcommand)]
    Codeartifact(codeartifact::CodeArtifactCommand),
    /// The sessions Awning keeps in the keychain, importing AWS CLI caches, and the
    /// compatibility mirror.
    #[command(subcommand)]
    Vault(vault::VaultCommand),
    /// Move an IAM user's access key from ~/.aws/credentials into the keychain (tools
    /// then get temporary credentials from it), or back.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Login(args) => sign_in::login(args),
        Command::Logout(args) => sign_in::logout(args),
        Command::Status(args) => status::run(args),
        Command::CredentialProcess(args) => credentials::credential_process(args),
        Command::Export(args) => credentials::export_credentials(args),
        Command::Profiles(args) => profiles::run(args),
        Command::Config(command) => config::run(command),
        Command::Codeartifact(command) => codeartifact::run(command),
        Command::Vault(command) => vault::run(command),
        Command::Keys(command) => keys::run(command),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // A server's words may hold control characters: they never reach the terminal.
            eprintln!("awning: {}", awning::urls::printable(&format!("{error:#}")));
            std::process::ExitCode::FAILURE
        }
    }
}
