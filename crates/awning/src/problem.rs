//! [`Problem`]: every failure that reaches a person, as a code from one closed set with
//! its parameters. It crosses every boundary — the window's IPC, the CLI's socket, the
//! CLI's own messages — as data; the words are the message catalogues' (`messages/`),
//! in the reader's language, and the action offered is chosen from the code.
//!
//! Each error type of the engine maps itself here exhaustively (`fn problem`), so a new
//! error variant does not compile until someone decides what the person is told.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "code",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Problem {
    /// The keychain is locked, or refused Awning access: unlock it and try again.
    KeychainLocked,
    /// No keychain (Secret Service) answers at all.
    KeychainUnavailable {
        detail: String,
    },
    /// The keychain did not answer in time; it may wait for an unlock prompt.
    KeychainTimeout {
        seconds: u32,
    },
    /// The keychain answered with an error of its own.
    KeychainFailed {
        detail: String,
    },
    /// A keychain item (or the vault's index) holds something Awning cannot read.
    KeychainItemUnreadable {
        item: String,
    },
    /// Only the user can go on: sign in (again). `session` as the vault names it
    /// (`sso-session:corp`), when the failure knows it.
    NeedsSignIn {
        session: Option<String>,
    },
    SignInDenied,
    SignInCancelled,
    /// The code or the browser's wait ran out before the sign-in was approved.
    SignInExpired,
    /// The code pasted from a remote sign-in's confirmation page does not decode.
    SignInCodeUnreadable,
    /// The browser's answer carried another sign-in's state.
    SignInStateMismatch,
    /// AWS ended a console session early: the password or credentials changed.
    SessionRevoked {
        session: String,
    },
    /// AWS Sign-In no longer accepts the DPoP key the session is bound to.
    SignInKeyRejected {
        session: String,
    },
    /// The session's tokens were issued by one endpoint of `service` and the environment
    /// now names another; they are not sent there.
    EndpointChanged {
        session: String,
        service: Service,
        signed_in_at: String,
        configured: String,
    },
    /// The sign-in was as another identity than the one the profile names.
    SignedInAsOther {
        expected: String,
        signed_in: String,
    },
    /// An endpoint that is plain http and not on this machine.
    InsecureEndpoint {
        url: String,
    },
    /// The identity may not call `action` (`signin:CreateOAuth2Token`,
    /// `codeartifact:GetAuthorizationToken`, `sts:GetServiceBearerToken`).
    PermissionMissing {
        action: String,
    },
    /// Another Awning process has held the session's lock for too long.
    SignInBusy {
        seconds: u32,
    },
    /// The loopback listener for the browser's answer could not be opened.
    LoopbackUnavailable {
        detail: String,
    },
    /// `detail` is the network's own words, when the failure had any (a renewal that
    /// left the token as it was has none).
    NetworkUnreachable {
        service: Service,
        detail: Option<String>,
    },
    /// The service answered with an error (a refusal, a 500, garbage).
    ServiceError {
        service: Service,
        detail: String,
    },
    Throttled {
        service: Service,
    },
    /// The AWS config says something Awning cannot use.
    ConfigInvalid {
        file: String,
        /// 1-based, when the problem has a line.
        line: Option<u32>,
        section: String,
        key: Option<String>,
        rule: ConfigRule,
    },
    ConfigUnreadable {
        file: String,
        detail: String,
    },
    ConfigNotText {
        file: String,
    },
    /// The file kept changing while Awning wrote it; nothing was changed.
    ConfigChanged {
        file: String,
    },
    /// The system clipboard could not be written.
    ClipboardUnavailable {
        detail: String,
    },
    /// The file changed after the change was previewed; nothing was written, and the
    /// change is to be reviewed again.
    PreviewOutdated {
        file: String,
    },
    /// No home folder and no `AWS_CONFIG_FILE`.
    ConfigNotLocated,
    NothingToUndo {
        file: String,
    },
    /// Undo would lose a later change by someone else; the old version is in `backup`.
    UndoConflict {
        file: String,
        backup: String,
    },
    /// Undo needs a secret the file no longer holds; backups keep none.
    UndoSecretGone {
        file: String,
        line: u32,
    },
    /// `awning keys import` found no long-term key for the profile.
    NoAccessKey {
        profile: String,
    },
    /// The profile's keys carry a session token: temporary, nothing to keep.
    TemporaryKeys {
        profile: String,
    },
    /// The profile does not take its key from the keychain (or the keychain lost it).
    KeyNotKept {
        profile: String,
    },
    /// The kept key's user has an MFA device: a session needs a code from it.
    NeedsMfaCode {
        profile: String,
    },
    MfaCodeRefused,
    NotFound {
        thing: Thing,
        name: String,
    },
    AlreadyExists {
        thing: Thing,
        name: String,
    },
    /// A form's fields are not right; each says which rule it breaks.
    InvalidFields {
        fields: Vec<FieldProblem>,
    },
    /// Profiles still use the session.
    SessionInUse {
        session: String,
        profiles: Vec<String>,
    },
    /// The profile names no account and role to get credentials for.
    NoRole {
        profile: String,
    },
    /// The profile's own credential provider (not one of Awning's sessions) failed.
    CredentialsUnavailable {
        profile: String,
        detail: String,
    },
    /// Nothing names the region to call: no `--region`, none in the profile or the
    /// environment.
    NoRegion {
        profile: String,
    },
    /// A package manager's file that Awning cannot read as its format; nothing was
    /// written.
    ToolFileUnparsable {
        file: String,
        /// 1-based, when the parser knows it.
        line: Option<u32>,
    },
    /// The tool keeps the token beside the registry in one file, so a project folder
    /// cannot get the registry without the token.
    ProjectScopeUnsupported {
        tool: String,
    },
    /// The tool keeps its registries in a project's files only: a folder is needed.
    ProjectScopeRequired {
        tool: String,
    },
    /// `--namespace` is for npm's scopes only.
    NamespaceUnsupported {
        tool: String,
    },
    /// A file or folder of Awning's own could not be used.
    FileUnusable {
        path: String,
        detail: String,
    },
    /// Nothing tells where Awning's data folder is.
    DataFolderUnknown,
    /// `AWNING_SECRET_STORE` names no store Awning has.
    UnknownSecretStore {
        value: String,
    },
    /// The settings file is damaged; Awning runs on its defaults.
    SettingsDamaged {
        file: String,
    },
    /// The system's login item (autostart entry) could not be switched.
    StartAtLoginFailed {
        detail: String,
    },
    /// A bug on Awning's side, for example a task that panicked.
    Internal,
}

/// The service a network failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    IdentityCenter,
    /// AWS Sign-In, behind console sign-ins (`aws login`).
    SignIn,
    CodeArtifact,
    /// AWS STS, behind the sessions of a kept access key.
    Sts,
}

/// What a [`Problem::ConfigInvalid`] breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ConfigRule {
    /// `key` is needed and missing.
    MissingKey,
    /// The profile sets `key` differently from its sso-session.
    ConflictingKey,
    /// The start URL does not begin with https://.
    NotHttps,
    /// The profile does not sign in with IAM Identity Center.
    NotSso,
    /// The profile takes credentials from a profile that does not exist, or in a circle.
    BrokenChain,
    /// A name, key or value the file cannot hold.
    BadText,
    /// sso-session and services sections belong in the config file.
    WrongFile,
    /// A header botocore reads differently from the other SDKs; tidied first.
    ReadOtherwise,
}

/// What a [`Problem::NotFound`] or [`Problem::AlreadyExists`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Thing {
    SsoSession,
    Profile,
    Section,
    Key,
    /// A session the vault does not hold.
    StoredSession,
    /// An account or role the portal does not list for the user.
    AccountOrRole,
    CodeArtifactDomain,
    CodeArtifactRepository,
    /// A package manager Awning has not configured for that repository.
    Connection,
}

/// One field of a form and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: Field,
    pub rule: FieldRule,
}

/// Every field of every form in Awning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Field {
    /// The add-session form.
    Name,
    StartUrl,
    Region,
    Scopes,
    /// The settings form.
    WarnMinutesBefore,
    /// The CodeArtifact forms.
    Domain,
    DomainOwner,
    Repository,
    DurationSeconds,
    Namespace,
    ProjectDir,
    Profile,
    /// The profile form.
    SsoSession,
    AccountId,
    RoleName,
    SsoRegion,
    LoginSession,
    CredentialProcess,
    RoleArn,
    SourceProfile,
    CredentialSource,
    MfaSerial,
    ExternalId,
    RoleSessionName,
    WebIdentityTokenFile,
    AccessKeyId,
    SecretAccessKey,
    Output,
    /// The rows of keys no field stands for.
    OtherKeys,
    /// A profile's environment tag.
    Tag,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "rule",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum FieldRule {
    Empty,
    /// Only `[A-Za-z0-9-_/.%@:+]` may appear in a name.
    BadCharacters,
    /// Another session has the name.
    Taken,
    NotUrl,
    NotHttps,
    NotRegion,
    /// Not a 12-digit AWS account ID.
    NotAccount,
    /// A folder given relative to nothing in particular.
    NotAbsolute,
    /// `scope` is not a scope.
    NotScope {
        scope: String,
    },
    /// A number outside `min..=max`.
    OutOfRange {
        value: u32,
        min: u32,
        max: u32,
    },
    /// Not an Amazon Resource Name of the kind asked for.
    NotArn,
    /// Not an access key ID (`AKIA…` or `ASIA…`, 20 characters).
    NotAccessKeyId,
    /// No `[sso-session]` of that name.
    UnknownSession,
    /// No profile of that name.
    UnknownProfile,
    /// Not `json`, `text`, `table`, `yaml` or `yaml-stream`.
    NotOutput,
    /// Not `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
    NotCredentialSource,
    /// Profiles would take credentials from each other in a circle.
    Loop,
    /// `key` cannot be a key of the files.
    BadKey {
        key: String,
    },
    /// `key` is given twice.
    RepeatedKey {
        key: String,
    },
    /// `key` has a field of its own in the form.
    FormKey {
        key: String,
    },
    /// `key`'s value would not read back as written (a line break, a ` #` comment).
    BadValue {
        key: String,
    },
}
