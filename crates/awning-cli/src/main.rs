//! `awning`: the command line of Awning.

mod config;
mod profiles;
mod sandbox;
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
    /// List the profiles of your AWS config file (AWS_CONFIG_FILE, else ~/.aws/config).
    Profiles,
    /// Edit or check the AWS config and credentials files; every change can be undone.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Run the local AWS sandbox on loopback, for tests and the demo.
    Sandbox(sandbox::SandboxArgs),
    /// The sessions Awning keeps in the keychain, importing AWS CLI caches, and the
    /// compatibility mirror.
    #[command(subcommand)]
    Vault(vault::VaultCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Profiles => profiles::run(),
        Command::Config(command) => config::run(command),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Vault(command) => vault::run(command),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("awning: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
