//! `awning codeartifact`: configure a package manager for a CodeArtifact repository
//! (`login`), take it back (`logout`), list what is configured (`status`), and print a
//! fresh token for scripts and credential providers (`token`). The flags are the AWS
//! CLI's, so muscle memory works.

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::{anyhow, bail};
use awning::codeartifact::tools::{Choices, Machine, Scope, Tool};
use awning::codeartifact::{
    Caller, CodeArtifact, CodeArtifactEngine, CodeArtifactError, Connection, FileChange,
    Repository, Request, TokenLifetime,
};
use awning::messages::{Language, describe_problem};
use awning::timestamps::format_cache_time;
use serde_json::json;

use crate::context::{block_on, open_vault, profile_name};
use crate::credentials::awning_credentials;
use crate::hints::hint;

#[derive(Debug, clap::Subcommand)]
pub enum CodeArtifactCommand {
    /// Configure a tool for a repository: the registry and a fresh token, in the tool's
    /// own files (the tool itself is not run). The Awning app renews the token.
    Login(LoginArgs),
    /// Take back what `login` wrote for a tool: its lines go, what they replaced
    /// comes back.
    Logout(LogoutArgs),
    /// Every configured tool, its files and its token's end.
    Status(StatusArgs),
    /// Print a token for the domain (from the keychain while it has over 15 minutes
    /// left), for scripts and credential providers such as Cargo's.
    Token(TokenArgs),
}

#[derive(Debug, clap::Args)]
pub struct RepositoryArgs {
    /// The CodeArtifact domain.
    #[arg(long)]
    pub domain: String,
    /// The domain's account (default: the caller's own).
    #[arg(long)]
    pub domain_owner: Option<String>,
    /// The profile whose identity gets the token (default: AWS_PROFILE, else `default`).
    #[arg(long)]
    pub profile: Option<String>,
    /// The region (default: the profile's, or AWS_REGION).
    #[arg(long)]
    pub region: Option<String>,
    /// How long the token lasts: 900 to 43200 seconds, or 0 for as long as the role
    /// session (default: 12 hours).
    #[arg(long)]
    pub duration_seconds: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    /// The tool to configure.
    #[arg(long, value_parser = tool_names())]
    pub tool: String,
    #[command(flatten)]
    pub domain: RepositoryArgs,
    /// The repository.
    #[arg(long)]
    pub repository: String,
    /// npm, pnpm, Yarn: only this @scope's packages come from the repository.
    #[arg(long)]
    pub namespace: Option<String>,
    /// user: the tool's user-level file; project: the folder's files get only what can
    /// be committed, the token goes to the user-level file.
    #[arg(long, default_value = "user", value_parser = ["user", "project"])]
    pub scope: String,
    /// The project folder for --scope project (default: the current folder).
    #[arg(long)]
    pub project_dir: Option<PathBuf>,
    /// pip: add the repository beside PyPI (extra-index-url) instead of replacing PyPI.
    #[arg(long)]
    pub keep_pypi: bool,
    /// Print what would change, tokens masked, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct LogoutArgs {
    #[arg(long, value_parser = tool_names())]
    pub tool: String,
    /// Only the connection to this domain (with --repository).
    #[arg(long, requires = "repository")]
    pub domain: Option<String>,
    #[arg(long, requires = "domain")]
    pub repository: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print JSON for scripts instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(flatten)]
    pub domain: RepositoryArgs,
}

fn tool_names() -> Vec<&'static str> {
    let aliases = Tool::ALIASES.iter().map(|(alias, _)| *alias);
    Tool::ALL
        .iter()
        .map(|tool| tool.name())
        .chain(aliases)
        .collect()
}

pub fn run(command: CodeArtifactCommand) -> anyhow::Result<()> {
    match command {
        CodeArtifactCommand::Login(args) => login(args),
        CodeArtifactCommand::Logout(args) => logout(args),
        CodeArtifactCommand::Status(args) => status(args),
        CodeArtifactCommand::Token(args) => token(args),
    }
}

async fn engine() -> anyhow::Result<CodeArtifactEngine> {
    let machine = Machine::current().ok_or_else(|| anyhow!("no home folder is known; set HOME"))?;
    Ok(CodeArtifactEngine::new(
        open_vault().await?,
        awning::paths::data_dir()?,
        machine,
    ))
}

/// The failure in the catalogue's words, and what to do next when the words do not say.
fn explain(error: CodeArtifactError) -> anyhow::Error {
    let problem = error.problem();
    let said = describe_problem(Language::En.catalogue(), &problem);
    match hint(&problem, None, None) {
        Some(next) => anyhow!("{}; {next}", said.strip_suffix('.').unwrap_or(&said)),
        None => anyhow!("{said}"),
    }
}

/// The engine, and a client signed as `caller`, in `--region` or the profile's.
async fn signed_in(
    args: &RepositoryArgs,
    profile: &str,
    caller: Caller,
) -> anyhow::Result<(CodeArtifactEngine, CodeArtifact)> {
    let engine = engine().await?;
    let client = engine
        .client(profile, args.region.as_deref(), caller)
        .await
        .map_err(explain)?;
    Ok((engine, client))
}

/// The profile named, and whose credentials sign for it.
fn caller(args: &RepositoryArgs) -> anyhow::Result<(String, Caller)> {
    let profile = profile_name(args.profile.as_deref());
    let caller = match awning_credentials(&profile)? {
        Some(credentials) => Caller::Awning(credentials),
        None => Caller::ProfileChain,
    };
    Ok((profile, caller))
}

fn lifetime(args: &RepositoryArgs) -> anyhow::Result<TokenLifetime> {
    match args.duration_seconds {
        None => Ok(TokenLifetime::ServiceDefault),
        Some(seconds) => TokenLifetime::from_seconds(seconds)
            .map_err(|field| explain(CodeArtifactError::Invalid(vec![field]))),
    }
}

fn login(args: LoginArgs) -> anyhow::Result<()> {
    let tool = Tool::parse(&args.tool).expect("clap checked the name");
    let lifetime = lifetime(&args.domain)?;
    let scope = match args.scope.as_str() {
        "project" => Scope::Project(match args.project_dir {
            Some(dir) => std::path::absolute(dir)?,
            None => std::env::current_dir()?,
        }),
        _ if args.project_dir.is_some() => bail!("--project-dir goes with --scope project"),
        _ => Scope::User,
    };
    let (profile, caller) = caller(&args.domain)?;
    block_on(async {
        let (engine, client) = signed_in(&args.domain, &profile, caller).await?;
        let request = Request {
            tool,
            repository: Repository {
                domain: args.domain.domain.clone(),
                owner: args.domain.domain_owner.clone(),
                repository: args.repository.clone(),
                region: client.region(),
            },
            profile,
            lifetime,
            scope,
            choices: Choices {
                namespace: args.namespace.clone(),
                keep_pypi: args.keep_pypi,
            },
        };
        if args.dry_run {
            let preview = engine.preview(&client, &request).await.map_err(explain)?;
            print_changes(&preview.changes);
            print_snippet(preview.snippet.as_deref());
            println!("--dry-run: nothing was written.");
            return Ok(());
        }
        let configured = engine.login(&client, &request).await.map_err(explain)?;
        let connection = &configured.connection;
        println!(
            "Configured {} for {} ({})",
            tool.name(),
            connection.repository.label(),
            connection.endpoint
        );
        for change in &configured.changes {
            println!("  wrote {}", change.path.display());
        }
        if configured.changes.is_empty() {
            println!("  the files already said so; only the token is new");
        }
        print_snippet(configured.snippet.as_deref());
        println!(
            "The token ends in {}, at {}. The Awning app renews it before then; without the \
             app, run this command again.",
            left(connection.expires_at),
            format_cache_time(connection.expires_at)
        );
        Ok(())
    })
}

fn print_changes(changes: &[FileChange]) {
    for change in changes {
        let diff = change.masked_diff();
        if diff.is_empty() {
            println!("{}: no change", change.path.display());
        } else {
            print!("{diff}");
        }
    }
}

/// What the person pastes into their build (Gradle's repository block).
fn print_snippet(snippet: Option<&str>) {
    if let Some(snippet) = snippet {
        println!("Add this to your build.gradle.kts (Awning edits no build script):\n\n{snippet}");
    }
}

fn left(until: SystemTime) -> String {
    let left = until.duration_since(SystemTime::now()).unwrap_or_default();
    Language::En.catalogue().duration(left)
}

fn logout(args: LogoutArgs) -> anyhow::Result<()> {
    let tool = Tool::parse(&args.tool).expect("clap checked the name");
    block_on(async {
        let engine = engine().await?;
        let connections = engine.connections().map_err(explain)?;
        let chosen: Vec<&Connection> = connections
            .iter()
            .filter(|connection| connection.tool == tool)
            .filter(|connection| {
                args.domain
                    .as_ref()
                    .is_none_or(|domain| connection.repository.domain == *domain)
                    && args
                        .repository
                        .as_ref()
                        .is_none_or(|name| connection.repository.repository == *name)
            })
            .collect();
        if chosen.is_empty() {
            bail!(
                "Awning has configured no {} connection like that; see `awning codeartifact status`",
                tool.name()
            );
        }
        for connection in chosen {
            let changes = engine.logout(&connection.id).await.map_err(explain)?;
            println!(
                "Took back {} for {}",
                tool.name(),
                connection.repository.label()
            );
            for change in changes {
                match change.after {
                    Some(_) => println!("  restored {}", change.path.display()),
                    None => println!(
                        "  removed {}, which Awning had created",
                        change.path.display()
                    ),
                }
            }
        }
        Ok(())
    })
}

fn status(args: StatusArgs) -> anyhow::Result<()> {
    let connections = block_on(async { engine().await?.connections().map_err(explain) })?;
    if args.json {
        let rows: Vec<_> = connections
            .iter()
            .map(|connection| {
                json!({
                    "id": connection.id,
                    "tool": connection.tool.name(),
                    "domain": connection.repository.domain,
                    "domain_owner": connection.repository.owner,
                    "repository": connection.repository.repository,
                    "region": connection.repository.region,
                    "profile": connection.profile,
                    "scope": match &connection.scope {
                        Scope::User => "user".to_owned(),
                        Scope::Project(folder) => folder.display().to_string(),
                    },
                    "endpoint": connection.endpoint,
                    "files": connection.files,
                    "expires_at": format_cache_time(connection.expires_at),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if connections.is_empty() {
        println!("No tool is configured for CodeArtifact; see `awning codeartifact login --help`.");
        return Ok(());
    }
    for connection in &connections {
        let files: Vec<String> = connection
            .files
            .iter()
            .map(|file| file.display().to_string())
            .collect();
        println!(
            "{:<6} {:<28} {:<10} token ends in {:<10} {}",
            connection.tool.name(),
            connection.repository.label(),
            connection.profile,
            left(connection.expires_at),
            files.join(", ")
        );
    }
    Ok(())
}

fn token(args: TokenArgs) -> anyhow::Result<()> {
    let lifetime = lifetime(&args.domain)?;
    let profile = profile_name(args.domain.profile.as_deref());
    // With the region named (as Cargo's credential provider names it), the keychain's
    // token needs no credentials and no call.
    if let Some(region) = &args.domain.region {
        let repository = Repository {
            domain: args.domain.domain.clone(),
            owner: args.domain.domain_owner.clone(),
            repository: "any".to_owned(),
            region: region.clone(),
        };
        let kept = block_on(async {
            let engine = engine().await?;
            engine
                .kept_token(&repository, &profile)
                .await
                .map_err(explain)
        })?;
        if let Some(kept) = kept {
            println!("{}", kept.token.expose());
            return Ok(());
        }
    }
    let (profile, caller) = caller(&args.domain)?;
    block_on(async {
        let (engine, client) = signed_in(&args.domain, &profile, caller).await?;
        let repository = Repository {
            domain: args.domain.domain.clone(),
            owner: args.domain.domain_owner.clone(),
            // A token is for the whole domain; no repository is asked of the service.
            repository: "any".to_owned(),
            region: client.region(),
        };
        let issued = engine
            .token(&client, &repository, &profile, lifetime)
            .await
            .map_err(explain)?;
        println!("{}", issued.token.expose());
        Ok(())
    })
}
