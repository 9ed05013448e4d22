//! [`CodeArtifactEngine`]: configures a tool for a repository (`login`), shows what that
//! would change (`preview`), takes it back (`logout`), renews what it wrote, and hands
//! out tokens (`token`) — every token in the keychain and the tool's file only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::caller::{Caller, sdk_config};
use super::client::{CodeArtifact, IssuedToken};
use super::connection::{Connection, Remembered, Store};
use super::error::{CallError, CodeArtifactError};
use super::journal::{Journal, Kept, Writer};
use super::repository::{Repository, TokenLifetime};
use super::tool_file::{ToolFile, ToolFileError};
use super::tools::{self, Choices, FileEdit, Machine, Plan, Scope, Target, Tool};
use crate::safe_write::EditLock;
use crate::urls::secure_origin;
use crate::vault::{CodeArtifactToken, Record, Secret, SessionKey, Vault};

/// `token` serves the keychain's token while it has more than this left.
pub const TOKEN_REUSE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The app renews a connection's token this long before it ends — or at half its life,
/// for a token that lasts under an hour.
pub const RENEW_BEFORE: Duration = Duration::from_secs(30 * 60);

/// How often a file that keeps changing under Awning is read again before giving up.
const ATTEMPTS: usize = 3;

/// What the person asks for: a tool configured for a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub tool: Tool,
    pub repository: Repository,
    pub profile: String,
    pub lifetime: TokenLifetime,
    pub scope: Scope,
    pub choices: Choices,
}

impl Request {
    fn connection_id(&self) -> String {
        Connection::id_of(self.tool, &self.repository, &self.scope)
    }
}

/// One file's change: what it was and what it becomes (`None`: no file). The texts may
/// hold tokens, so its `Debug` shows neither; [`FileChange::masked_diff`] is the way to
/// show one.
#[derive(Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: PathBuf,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl std::fmt::Debug for FileChange {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("FileChange")
            .field("path", &self.path)
            .field("creates", &self.before.is_none())
            .field("removes", &self.after.is_none())
            .finish_non_exhaustive()
    }
}

impl FileChange {
    /// A unified diff with every token and password masked.
    pub fn masked_diff(&self) -> String {
        let masked = |text: &Option<String>| super::mask::mask(text.as_deref().unwrap_or_default());
        crate::config::unified_diff(&self.path, &masked(&self.before), &masked(&self.after))
    }
}

/// A tool configured: the connection as remembered, what changed, and what the person
/// pastes into their build (Gradle's repository block).
#[derive(Debug, Clone)]
pub struct Configured {
    pub connection: Connection,
    pub changes: Vec<FileChange>,
    pub snippet: Option<String>,
}

/// What configuring a tool would change, and what the person would paste.
#[derive(Debug, Clone)]
pub struct Preview {
    pub changes: Vec<FileChange>,
    pub snippet: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CodeArtifactEngine {
    vault: Vault,
    data_dir: PathBuf,
    machine: Machine,
    endpoint_url: Option<String>,
}

impl CodeArtifactEngine {
    /// Over `vault`, remembering connections in `data_dir`, writing the files of the
    /// tools on `machine`. Calls go where the SDK resolves (`AWS_ENDPOINT_URL_*`).
    pub fn new(vault: Vault, data_dir: PathBuf, machine: Machine) -> Self {
        Self {
            vault,
            data_dir,
            machine,
            endpoint_url: None,
        }
    }

    /// Every call to `url` (tests point it at a sandbox).
    pub fn with_endpoint_url(mut self, url: Option<String>) -> Self {
        self.endpoint_url = url;
        self
    }

    /// A client signed as `caller`, in `region` or the profile's.
    pub async fn client(
        &self,
        profile: &str,
        region: Option<&str>,
        caller: Caller,
    ) -> Result<CodeArtifact, CodeArtifactError> {
        let config = sdk_config(profile, region, caller, self.endpoint_url.as_deref()).await?;
        // Checked before any call: each carries the caller's session token.
        let origin = CodeArtifact::endpoint(&config).await.unwrap_or_default();
        if secure_origin(&origin).is_none() {
            return Err(CodeArtifactError::InsecureEndpoint(origin));
        }
        Ok(CodeArtifact::new(&config))
    }

    /// Every connection Awning has configured.
    pub fn connections(&self) -> Result<Vec<Connection>, CodeArtifactError> {
        Ok(self.store().read()?.connections)
    }

    /// What `request` would write, the token masked; nothing is written and no token
    /// is asked for.
    pub async fn preview(
        &self,
        client: &CodeArtifact,
        request: &Request,
    ) -> Result<Preview, CodeArtifactError> {
        let (_, plan) = self.planned(client, request).await?;
        let mut journal = self.store().read()?.journal;
        let masked = Secret::new(super::mask::MASK);
        let writer = Writer {
            connection: &request.connection_id(),
            token: &masked,
            token_item: "",
        };
        let mut changes = Vec::new();
        for edit in &plan.edits {
            let file = ToolFile::new(&edit.path, edit.format);
            let read = file.read()?;
            let mut document = read.document.clone();
            journal.apply(&edit.path, &mut document, &edit.changes, writer);
            changes.push(FileChange {
                path: edit.path.clone(),
                before: read.bytes.as_ref().map(|_| read.text().to_owned()),
                after: Some(document.to_string()),
            });
        }
        Ok(Preview {
            changes,
            snippet: plan.snippet,
        })
    }

    /// Gets a fresh token and configures the tool; the connection is remembered, so
    /// asking again (or renewing) rewrites only what changed.
    pub async fn login(
        &self,
        client: &CodeArtifact,
        request: &Request,
    ) -> Result<Configured, CodeArtifactError> {
        let (endpoint, plan) = self.planned(client, request).await?;
        let id = request.connection_id();
        let files: Vec<PathBuf> = plan.edits.iter().map(|edit| edit.path.clone()).collect();
        // Asked again with other choices: what the old ones wrote goes first, so no
        // stale line (an index-url once keep-pypi is chosen) is left to go stale.
        if let Ok(known) = self.connection(&id)
            && (known.choices != request.choices
                || known.endpoint != endpoint
                || known.files != files
                || known.profile != request.profile)
        {
            self.logout(&id).await?;
        }
        let key = request.repository.token_key(&request.profile);
        let issued = self
            .fetch_token(
                client,
                &request.repository,
                &request.profile,
                request.lifetime,
            )
            .await?;
        self.configure(request, endpoint, &plan, &issued, &key)
            .await
    }

    /// One new token for connections that share it (the same domain, identity and
    /// lifetime: npm and pip for one domain, say), written where each one's last was.
    pub async fn renew(
        &self,
        client: &CodeArtifact,
        ids: &[String],
    ) -> Result<Vec<Configured>, CodeArtifactError> {
        let mut renewed = Vec::new();
        let mut issued: Vec<(SessionKey, TokenLifetime, IssuedToken)> = Vec::new();
        for id in ids {
            let request = request_of(&self.connection(id)?);
            let (endpoint, plan) = self.planned(client, &request).await?;
            let key = request.repository.token_key(&request.profile);
            let known = issued
                .iter()
                .find(|(k, lifetime, _)| *k == key && *lifetime == request.lifetime);
            let token = match known {
                Some((_, _, token)) => token.clone(),
                None => {
                    let token = self
                        .fetch_token(
                            client,
                            &request.repository,
                            &request.profile,
                            request.lifetime,
                        )
                        .await?;
                    issued.push((key.clone(), request.lifetime, token.clone()));
                    token
                }
            };
            renewed.push(
                self.configure(&request, endpoint, &plan, &token, &key)
                    .await?,
            );
        }
        Ok(renewed)
    }

    /// Writes `plan` with `issued` for `request` and remembers the connection.
    async fn configure(
        &self,
        request: &Request,
        endpoint: String,
        plan: &Plan,
        issued: &IssuedToken,
        key: &SessionKey,
    ) -> Result<Configured, CodeArtifactError> {
        let connection = Connection {
            id: request.connection_id(),
            tool: request.tool,
            scope: request.scope.clone(),
            repository: request.repository.clone(),
            profile: request.profile.clone(),
            lifetime: request.lifetime,
            choices: request.choices.clone(),
            endpoint,
            files: plan.edits.iter().map(|edit| edit.path.clone()).collect(),
            issued_at: SystemTime::now(),
            expires_at: issued.expires_at,
        };
        let changes = self
            .write(&connection, &plan.edits, &issued.token, key)
            .await?;
        Ok(Configured {
            connection,
            changes,
            snippet: plan.snippet.clone(),
        })
    }

    /// Takes back everything the connection wrote: Awning's lines go, the lines they
    /// replaced come back, a file Awning created and nobody else filled goes away.
    pub async fn logout(&self, id: &str) -> Result<Vec<FileChange>, CodeArtifactError> {
        let store = self.store();
        let held = store.lock()?;
        let mut remembered = store.read()?;
        let connection = remembered
            .connection(id)
            .cloned()
            .ok_or_else(|| CodeArtifactError::NotConfigured(id.to_owned()))?;
        let tokens = self.tokens_of(&remembered.connections).await?;
        let token_of = |connection: &str| tokens.get(connection).map(|record| record.token.clone());
        let mut records: BTreeMap<String, CodeArtifactToken> = tokens
            .values()
            .map(|record| (record.item.clone(), record.record.clone()))
            .collect();
        let kept_of = |kept: &Kept| {
            records
                .get(&kept.item)
                .and_then(|record| record.replaced.get(&kept.name).cloned())
        };
        let mut changes = Vec::new();
        let mut released = Vec::new();
        for path in remembered.journal.files_of(id) {
            let file = ToolFile::new(&path, remembered.journal.format_of(&path));
            let (change, freed) =
                self.take_back(&file, &mut remembered.journal, id, &token_of, &kept_of)?;
            changes.extend(change);
            released.extend(freed);
            store.write(&remembered, &held)?;
        }
        remembered.forget(id);
        store.write(&remembered, &held)?;
        let mut changed = BTreeSet::new();
        for kept in released {
            if let Some(record) = records.get_mut(&kept.item) {
                record.replaced.remove(&kept.name);
                changed.insert(kept.item);
            }
        }
        changed.insert(
            connection
                .repository
                .token_key(&connection.profile)
                .item_name(),
        );
        self.settle_tokens(&remembered, &records, &changed).await?;
        Ok(changes)
    }

    /// The keychain's token for `repository`'s domain as `profile`'s identity, while
    /// it has more than [`TOKEN_REUSE_WINDOW`] left: no credentials or call needed.
    pub async fn kept_token(
        &self,
        repository: &Repository,
        profile: &str,
    ) -> Result<Option<IssuedToken>, CodeArtifactError> {
        let key = repository.token_key(profile);
        let Some(Record::CodeArtifact(record)) = self.vault.load(&key).await? else {
            return Ok(None);
        };
        let left = record
            .expires_at
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        Ok((left > TOKEN_REUSE_WINDOW).then_some(IssuedToken {
            token: record.token,
            expires_at: record.expires_at,
        }))
    }

    /// A token for `repository` as `profile`'s identity: [`Self::kept_token`], else a
    /// fresh one, kept.
    pub async fn token(
        &self,
        client: &CodeArtifact,
        repository: &Repository,
        profile: &str,
        lifetime: TokenLifetime,
    ) -> Result<IssuedToken, CodeArtifactError> {
        if let Some(kept) = self.kept_token(repository, profile).await? {
            return Ok(kept);
        }
        self.fetch_token(client, repository, profile, lifetime)
            .await
    }

    fn connection(&self, id: &str) -> Result<Connection, CodeArtifactError> {
        self.store()
            .read()?
            .connection(id)
            .cloned()
            .ok_or_else(|| CodeArtifactError::NotConfigured(id.to_owned()))
    }

    /// The file of the connections, which the app watches.
    pub fn store_path(&self) -> PathBuf {
        self.store().path().to_owned()
    }

    fn store(&self) -> Store {
        Store::in_folder(&self.data_dir)
    }

    /// The request checked, the repository's endpoint for the tool, and the tool's plan.
    async fn planned(
        &self,
        client: &CodeArtifact,
        request: &Request,
    ) -> Result<(String, Plan), CodeArtifactError> {
        let problems = request.repository.check();
        if !problems.is_empty() {
            return Err(CodeArtifactError::Invalid(problems));
        }
        let endpoint = self.endpoint(client, request).await?;
        let target = Target {
            endpoint: endpoint.clone(),
            repository: request.repository.clone(),
            profile: request.profile.clone(),
        };
        let plan = tools::plan(
            request.tool,
            &target,
            &self.machine,
            &request.scope,
            &request.choices,
        )?;
        Ok((endpoint, plan))
    }

    async fn endpoint(
        &self,
        client: &CodeArtifact,
        request: &Request,
    ) -> Result<String, CodeArtifactError> {
        client
            .repository_endpoint(&request.repository, request.tool.format())
            .await
            .map_err(|call| match call {
                CallError::NotFound(_) => CodeArtifactError::UnknownRepository {
                    domain: request.repository.domain.clone(),
                    repository: request.repository.repository.clone(),
                },
                call => CodeArtifactError::Call {
                    call,
                    profile: request.profile.clone(),
                },
            })
    }

    /// A fresh token, kept in the keychain with what its record already holds.
    async fn fetch_token(
        &self,
        client: &CodeArtifact,
        repository: &Repository,
        profile: &str,
        lifetime: TokenLifetime,
    ) -> Result<IssuedToken, CodeArtifactError> {
        let issued = client
            .authorization_token(repository, lifetime)
            .await
            .map_err(|call| match call {
                CallError::NotFound(_) => {
                    CodeArtifactError::UnknownDomain(repository.domain.clone())
                }
                call => CodeArtifactError::Call {
                    call,
                    profile: profile.to_owned(),
                },
            })?;
        let key = repository.token_key(profile);
        let replaced = match self.vault.load(&key).await? {
            Some(Record::CodeArtifact(record)) => record.replaced,
            _ => BTreeMap::new(),
        };
        let record = CodeArtifactToken {
            token: issued.token.clone(),
            expires_at: issued.expires_at,
            replaced,
        };
        self.vault.save(&key, &Record::CodeArtifact(record)).await?;
        Ok(issued)
    }

    /// Writes each file of the plan for `connection`, remembering after each one what
    /// is in it; if one cannot be written, what was written is taken back.
    async fn write(
        &self,
        connection: &Connection,
        edits: &[FileEdit],
        token: &Secret,
        key: &SessionKey,
    ) -> Result<Vec<FileChange>, CodeArtifactError> {
        let store = self.store();
        let held = store.lock()?;
        let mut remembered = store.read()?;
        remembered.keep(connection.clone());
        let item = key.item_name();
        let writer = Writer {
            connection: &connection.id,
            token,
            token_item: &item,
        };
        let mut changes = Vec::new();
        for edit in edits {
            match self
                .write_file(edit, &mut remembered.journal, writer, key)
                .await
            {
                Ok(change) => {
                    changes.extend(change);
                    store.write(&remembered, &held)?;
                }
                Err(error) => {
                    drop(held);
                    // Leaves no connection half configured; the first failure is the one told.
                    let _ = self.logout(&connection.id).await;
                    return Err(error);
                }
            }
        }
        store.write(&remembered, &held)?;
        Ok(changes)
    }

    async fn write_file(
        &self,
        edit: &FileEdit,
        journal: &mut Journal,
        writer: Writer<'_>,
        key: &SessionKey,
    ) -> Result<Option<FileChange>, CodeArtifactError> {
        let file = ToolFile::new(&edit.path, edit.format);
        let _lock = self.lock_file(&file)?;
        for _ in 0..ATTEMPTS {
            let read = file.read()?;
            let mut attempt = journal.clone();
            let mut document = read.document.clone();
            let to_keep = attempt.apply(&edit.path, &mut document, &edit.changes, writer);
            if !to_keep.is_empty() {
                self.keep_replaced(key, to_keep).await?;
            }
            let after = document.to_string();
            if read.bytes.is_some() && after == read.text() {
                *journal = attempt;
                return Ok(None);
            }
            if file.replace(read.bytes.as_deref(), Some(&after), edit.holds_token())? {
                if read.bytes.is_none() {
                    attempt.note_created(&edit.path);
                }
                *journal = attempt;
                return Ok(Some(FileChange {
                    path: edit.path.clone(),
                    before: read.bytes.as_ref().map(|_| read.text().to_owned()),
                    after: Some(after),
                }));
            }
        }
        Err(ToolFileError::keeps_changing(&edit.path).into())
    }

    /// Takes the connection's part out of one file.
    fn take_back(
        &self,
        file: &ToolFile,
        journal: &mut Journal,
        id: &str,
        token_of: &dyn Fn(&str) -> Option<Secret>,
        kept_of: &dyn Fn(&Kept) -> Option<Secret>,
    ) -> Result<(Option<FileChange>, Vec<Kept>), CodeArtifactError> {
        let _lock = self.lock_file(file)?;
        for _ in 0..ATTEMPTS {
            let read = file.read()?;
            let mut attempt = journal.clone();
            let mut document = read.document.clone();
            let released = attempt.take_back(file.path(), &mut document, id, token_of, kept_of);
            let after = document.to_string();
            let remove = !attempt.touches(file.path())
                && document.is_empty()
                && attempt.take_created(file.path());
            if read.bytes.is_none() || (!remove && after == read.text()) {
                *journal = attempt;
                return Ok((None, released));
            }
            let written = if remove { None } else { Some(after.as_str()) };
            if file.replace(read.bytes.as_deref(), written, false)? {
                *journal = attempt;
                let change = FileChange {
                    path: file.path().to_owned(),
                    before: Some(read.text().to_owned()),
                    after: written.map(str::to_owned),
                };
                return Ok((Some(change), released));
            }
        }
        Err(ToolFileError::keeps_changing(file.path()).into())
    }

    fn lock_file(&self, file: &ToolFile) -> Result<EditLock, CodeArtifactError> {
        EditLock::acquire(&self.data_dir, file.target())
            .map_err(|cause| ToolFileError::write(file.path(), cause).into())
    }

    /// Puts the old texts of replaced secret lines into the token's record.
    async fn keep_replaced(
        &self,
        key: &SessionKey,
        to_keep: Vec<super::journal::ToKeep>,
    ) -> Result<(), CodeArtifactError> {
        let Some(Record::CodeArtifact(mut record)) = self.vault.load(key).await? else {
            return Err(CodeArtifactError::TokenLost(key.item_name()));
        };
        for keep in to_keep {
            record.replaced.insert(keep.kept.name, keep.secret);
        }
        self.vault.save(key, &Record::CodeArtifact(record)).await?;
        Ok(())
    }

    /// Each connection's token record, by connection id.
    async fn tokens_of(
        &self,
        connections: &[Connection],
    ) -> Result<BTreeMap<String, StoredToken>, CodeArtifactError> {
        let mut tokens = BTreeMap::new();
        for connection in connections {
            let key = connection.repository.token_key(&connection.profile);
            if let Some(Record::CodeArtifact(record)) = self.vault.load(&key).await? {
                tokens.insert(
                    connection.id.clone(),
                    StoredToken {
                        item: key.item_name(),
                        token: record.token.clone(),
                        record,
                    },
                );
            }
        }
        Ok(tokens)
    }

    /// After a connection is taken back: each token record in `changed` is forgotten
    /// once no connection uses it and it keeps no replaced line, else saved as it now is.
    async fn settle_tokens(
        &self,
        remembered: &Remembered,
        records: &BTreeMap<String, CodeArtifactToken>,
        changed: &BTreeSet<String>,
    ) -> Result<(), CodeArtifactError> {
        for item in changed {
            let Some(key) = SessionKey::parse(item) else {
                continue;
            };
            let used = remembered
                .connections
                .iter()
                .any(|c| c.repository.token_key(&c.profile) == key);
            match records.get(item) {
                Some(record) if used || !record.replaced.is_empty() => {
                    self.vault
                        .save(&key, &Record::CodeArtifact(record.clone()))
                        .await?;
                }
                _ if used => {}
                _ => {
                    self.vault.forget(&key).await?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug)]
struct StoredToken {
    item: String,
    token: Secret,
    record: CodeArtifactToken,
}

/// The request that made `connection`, to make it again with a new token.
fn request_of(connection: &Connection) -> Request {
    Request {
        tool: connection.tool,
        repository: connection.repository.clone(),
        profile: connection.profile.clone(),
        lifetime: connection.lifetime,
        scope: connection.scope.clone(),
        choices: connection.choices.clone(),
    }
}
