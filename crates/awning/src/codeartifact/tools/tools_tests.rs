use std::path::{Path, PathBuf};

use super::*;
use crate::codeartifact::Repository;

const NPM: &str = "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/packages/";
const PYPI: &str =
    "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/pypi/packages/";

fn target(endpoint: &str) -> Target {
    Target {
        endpoint: endpoint.to_owned(),
        repository: Repository {
            domain: "acme".to_owned(),
            owner: Some("111122223333".to_owned()),
            repository: "packages".to_owned(),
            region: "us-west-2".to_owned(),
        },
        profile: "dev".to_owned(),
    }
}

fn ada() -> Machine {
    Machine::with("/home/ada", Os::Linux, &[])
}

fn entries(edit: &FileEdit) -> Vec<String> {
    edit.changes
        .iter()
        .map(|change| match change {
            Change::Section { name } => format!("[{name}]"),
            Change::Entry { entry, .. } => entry.replace(TOKEN, "T"),
            Change::Item { key, item, .. } => format!("{key} += {}", item.replace(TOKEN, "T")),
            Change::TomlTable { path } => format!("[{}]", path.join(".")),
            Change::TomlValue { key, value, .. } => {
                format!("{key} = {}", value.replace(TOKEN, "T"))
            }
            Change::YamlValue { path, value } => {
                format!("{} = {}", path.join(" > "), value.replace(TOKEN, "T"))
            }
            Change::XmlElement { path, value } => match value {
                Some(value) => format!("{} = {}", path.join("/"), value.replace(TOKEN, "T")),
                None => path.join("/"),
            },
        })
        .collect()
}

/// The plan of `tool` for the project `/work/app`.
fn in_project(tool: Tool, endpoint: &str) -> Plan {
    let project = Scope::Project(PathBuf::from("/work/app"));
    plan(
        tool,
        &target(endpoint),
        &ada(),
        &project,
        &Choices::default(),
    )
    .unwrap()
}

fn paths(plan: &Plan) -> Vec<&Path> {
    plan.edits.iter().map(|edit| edit.path.as_path()).collect()
}

#[test]
fn npm_gets_the_registry_and_the_token_keyed_by_it_and_never_always_auth() {
    let plan = plan(
        Tool::Npm,
        &target(NPM),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(paths(&plan), [Path::new("/home/ada/.npmrc")]);
    assert_eq!(
        entries(&plan.edits[0]),
        [
            format!("registry={NPM}"),
            "//acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/packages/:_authToken=T"
                .to_owned(),
        ]
    );
}

#[test]
fn a_namespace_points_only_its_scope_at_the_repository() {
    for namespace in ["acme", "@acme"] {
        let choices = Choices {
            namespace: Some(namespace.to_owned()),
            ..Choices::default()
        };
        let plan = plan(Tool::Pnpm, &target(NPM), &ada(), &Scope::User, &choices).unwrap();
        assert_eq!(entries(&plan.edits[0])[0], format!("@acme:registry={NPM}"));
    }
    let bad = Choices {
        namespace: Some("_acme".to_owned()),
        ..Choices::default()
    };
    assert_eq!(
        plan(Tool::Npm, &target(NPM), &ada(), &Scope::User, &bad),
        Err(PlanError::BadNamespace("_acme".to_owned()))
    );
    let for_pip = Choices {
        namespace: Some("acme".to_owned()),
        ..Choices::default()
    };
    assert_eq!(
        plan(Tool::Pip, &target(PYPI), &ada(), &Scope::User, &for_pip),
        Err(PlanError::NamespaceUnsupported(Tool::Pip))
    );
}

#[test]
fn only_yarn_1_gets_the_top_level_always_auth_it_needs() {
    let plan = plan(
        Tool::Yarn,
        &target(NPM),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(entries(&plan.edits[0]).last().unwrap(), "always-auth=true");
    for tool in [Tool::Npm, Tool::Pnpm] {
        let plan = super::plan(
            tool,
            &target(NPM),
            &ada(),
            &Scope::User,
            &Choices::default(),
        )
        .unwrap();
        assert!(
            !entries(&plan.edits[0])
                .iter()
                .any(|entry| entry.contains("always-auth"))
        );
    }
}

#[test]
fn project_scope_puts_the_registry_in_the_project_and_the_token_in_the_user_file() {
    let project = Scope::Project(PathBuf::from("/work/app"));
    let plan = plan(
        Tool::Npm,
        &target(NPM),
        &ada(),
        &project,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        paths(&plan),
        [Path::new("/work/app/.npmrc"), Path::new("/home/ada/.npmrc")]
    );
    assert!(!plan.edits[0].holds_token());
    assert!(plan.edits[1].holds_token());
    assert_eq!(entries(&plan.edits[0]), [format!("registry={NPM}")]);
}

#[test]
fn pip_replaces_the_index_as_the_aws_cli_does_or_keeps_pypi() {
    let plan = plan(
        Tool::Pip,
        &target(PYPI),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(paths(&plan), [Path::new("/home/ada/.config/pip/pip.conf")]);
    let host = "acme-111122223333.d.codeartifact.us-west-2.amazonaws.com";
    assert_eq!(
        entries(&plan.edits[0]),
        [
            "[global]".to_owned(),
            format!("index-url = https://aws:T@{host}/pypi/packages/simple/")
        ]
    );
    let keep = Choices {
        keep_pypi: true,
        ..Choices::default()
    };
    let plan = super::plan(Tool::Pip, &target(PYPI), &ada(), &Scope::User, &keep).unwrap();
    assert_eq!(
        entries(&plan.edits[0])[1],
        format!("extra-index-url += https://aws:T@{host}/pypi/packages/simple/")
    );
    let Change::Item { marker, .. } = &plan.edits[0].changes[1] else {
        panic!()
    };
    assert!(
        !marker.contains(TOKEN),
        "the marker finds the line whatever its token"
    );
}

#[test]
fn twine_names_a_codeartifact_server_in_pypirc() {
    let plan = plan(
        Tool::Twine,
        &target(PYPI),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(paths(&plan), [Path::new("/home/ada/.pypirc")]);
    assert_eq!(
        entries(&plan.edits[0]),
        [
            "[distutils]".to_owned(),
            "index-servers += codeartifact".to_owned(),
            "[codeartifact]".to_owned(),
            format!("repository = {PYPI}"),
            "username = aws".to_owned(),
            "password = T".to_owned(),
        ]
    );
}

#[test]
fn tools_that_cannot_split_the_token_from_the_registry_refuse_project_scope() {
    let project = Scope::Project(PathBuf::from("/work/app"));
    for tool in [Tool::Pip, Tool::Twine, Tool::Maven] {
        assert_eq!(
            plan(tool, &target(PYPI), &ada(), &project, &Choices::default()),
            Err(PlanError::NoProjectScope(tool))
        );
    }
}

#[test]
fn cargo_gets_a_registry_whose_credential_provider_asks_awning_for_the_token() {
    const CARGO: &str =
        "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/cargo/packages/";
    for (scope, file) in [
        (Scope::User, "/home/ada/.cargo/config.toml"),
        (
            Scope::Project(PathBuf::from("/work/app")),
            "/work/app/.cargo/config.toml",
        ),
    ] {
        let written = plan(
            Tool::Cargo,
            &target(CARGO),
            &ada(),
            &scope,
            &Choices::default(),
        )
        .unwrap();
        assert_eq!(paths(&written), [Path::new(file)]);
        assert!(
            !written.edits[0].holds_token(),
            "Cargo's file never holds the token"
        );
        assert_eq!(
            entries(&written.edits[0]),
            [
                "[registries.acme-packages]".to_owned(),
                format!("index = \"sparse+{CARGO}\""),
                "credential-provider = \"cargo:token-from-stdout awning codeartifact token --domain acme --domain-owner 111122223333 --region us-west-2 --profile dev\"".to_owned(),
            ]
        );
    }
    let moved = Machine::with("/home/ada", Os::Linux, &[("CARGO_HOME", "/opt/cargo")]);
    let written = plan(
        Tool::Cargo,
        &target(CARGO),
        &moved,
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(paths(&written), [Path::new("/opt/cargo/config.toml")]);
    let spaced = Target {
        profile: "my dev".to_owned(),
        ..target(CARGO)
    };
    assert_eq!(
        plan(
            Tool::Cargo,
            &spaced,
            &ada(),
            &Scope::User,
            &Choices::default()
        ),
        Err(PlanError::SpacedProfile("my dev".to_owned()))
    );
}

#[test]
fn uv_gets_an_index_in_uv_toml_and_the_password_in_netrc() {
    let written = in_project(Tool::Uv, PYPI);
    assert_eq!(
        paths(&written),
        [
            Path::new("/work/app/uv.toml"),
            Path::new("/home/ada/.netrc")
        ]
    );
    assert!(!written.edits[0].holds_token(), "the project gets no token");
    assert_eq!(
        entries(&written.edits[0]),
        [
            "[index[name=acme-packages]]".to_owned(),
            format!("url = \"{PYPI}simple/\""),
            "default = true".to_owned(),
        ]
    );
    assert_eq!(
        entries(&written.edits[1]),
        ["machine acme-111122223333.d.codeartifact.us-west-2.amazonaws.com login aws password T"]
    );
    let keep = Choices {
        keep_pypi: true,
        ..Choices::default()
    };
    let beside = plan(Tool::Uv, &target(PYPI), &ada(), &Scope::User, &keep).unwrap();
    assert_eq!(paths(&beside)[0], Path::new("/home/ada/.config/uv/uv.toml"));
    assert!(
        !entries(&beside.edits[0]).contains(&"default = true".to_owned()),
        "PyPI stays the default"
    );
}

#[test]
fn yarn_berry_gets_its_yarnrc_and_the_project_only_the_server() {
    let server = "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/packages";
    let written = in_project(Tool::YarnBerry, NPM);
    assert_eq!(
        paths(&written),
        [
            Path::new("/work/app/.yarnrc.yml"),
            Path::new("/home/ada/.yarnrc.yml")
        ]
    );
    assert_eq!(
        entries(&written.edits[0]),
        [format!("npmRegistryServer = \"{server}\"")]
    );
    assert!(!written.edits[0].holds_token());
    assert_eq!(
        entries(&written.edits[1]),
        [
            format!("npmRegistries > {server} > npmAlwaysAuth = true"),
            format!("npmRegistries > {server} > npmAuthToken = T"),
        ]
    );
    let scoped = Choices {
        namespace: Some("@acme".to_owned()),
        ..Choices::default()
    };
    let written = plan(Tool::YarnBerry, &target(NPM), &ada(), &Scope::User, &scoped).unwrap();
    assert_eq!(
        entries(&written.edits[0])[0],
        format!("npmScopes > acme > npmRegistryServer = \"{server}\"")
    );
}

#[test]
fn poetry_gets_a_source_in_the_project_and_its_credentials_in_auth_toml() {
    let written = in_project(Tool::Poetry, PYPI);
    assert_eq!(
        paths(&written),
        [
            Path::new("/work/app/pyproject.toml"),
            Path::new("/home/ada/.config/pypoetry/auth.toml")
        ]
    );
    assert!(
        !written.edits[0].holds_token(),
        "pyproject.toml never gets the token"
    );
    assert_eq!(
        entries(&written.edits[0]),
        [
            "[tool.poetry.source[name=acme-packages]]".to_owned(),
            format!("url = \"{PYPI}simple/\""),
            "priority = \"primary\"".to_owned(),
        ]
    );
    assert_eq!(
        entries(&written.edits[1]),
        [
            "[http-basic.acme-packages]",
            "username = \"aws\"",
            "password = \"T\""
        ]
    );
    assert_eq!(
        plan(
            Tool::Poetry,
            &target(PYPI),
            &ada(),
            &Scope::User,
            &Choices::default()
        ),
        Err(PlanError::NeedsProject(Tool::Poetry))
    );
}

#[test]
fn gradle_gets_the_token_as_a_property_and_a_block_to_paste_that_reads_it() {
    const MAVEN: &str =
        "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/maven/packages/";
    let written = plan(
        Tool::Gradle,
        &target(MAVEN),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        paths(&written),
        [Path::new("/home/ada/.gradle/gradle.properties")]
    );
    assert_eq!(
        entries(&written.edits[0]),
        ["codeartifact.acme-packages.token=T"]
    );
    let snippet = written.snippet.unwrap();
    assert!(
        snippet.contains(&format!("url = uri(\"{MAVEN}\")")),
        "{snippet}"
    );
    assert!(
        snippet.contains("providers.gradleProperty(\"codeartifact.acme-packages.token\")"),
        "{snippet}"
    );
    assert!(!snippet.contains(TOKEN), "the block never holds the token");
    let project = Scope::Project(PathBuf::from("/work/app"));
    assert_eq!(
        plan(
            Tool::Gradle,
            &target(MAVEN),
            &ada(),
            &project,
            &Choices::default()
        ),
        Err(PlanError::NoProjectScope(Tool::Gradle))
    );
}

#[test]
fn maven_gets_a_server_and_an_active_profile_whose_repository_has_its_id() {
    const MAVEN: &str =
        "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/maven/packages/";
    let written = plan(
        Tool::Maven,
        &target(MAVEN),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(paths(&written), [Path::new("/home/ada/.m2/settings.xml")]);
    assert_eq!(written.edits[0].format, Format::Xml(XmlRoot::Settings));
    assert_eq!(
        entries(&written.edits[0]),
        [
            "settings/servers/server[id=acme-packages]/username = aws".to_owned(),
            "settings/servers/server[id=acme-packages]/password = T".to_owned(),
            format!(
                "settings/profiles/profile[id=acme-packages]/repositories/repository[id=acme-packages]/url = {MAVEN}"
            ),
            "settings/activeProfiles/activeProfile[.=acme-packages]".to_owned(),
        ]
    );
    assert_eq!(written.snippet, None);
}

#[test]
fn nuget_gets_the_source_the_aws_cli_names_and_its_credentials_in_the_user_file() {
    const NUGET: &str =
        "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/nuget/packages/";
    let source = format!(
        "configuration/packageSources/add[@key=acme/packages]/@value = {NUGET}v3/index.json"
    );
    let credentials = [
        "configuration/packageSourceCredentials/acme_x002F_packages/add[@key=Username]/@value = aws",
        "configuration/packageSourceCredentials/acme_x002F_packages/add[@key=ClearTextPassword]/@value = T",
    ];
    let user = plan(
        Tool::Nuget,
        &target(NUGET),
        &ada(),
        &Scope::User,
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        paths(&user),
        [Path::new("/home/ada/.nuget/NuGet/NuGet.Config")]
    );
    assert_eq!(
        entries(&user.edits[0]),
        [
            vec![source.clone()],
            credentials.map(str::to_owned).to_vec()
        ]
        .concat()
    );
    let project = in_project(Tool::Nuget, NUGET);
    assert_eq!(
        paths(&project),
        [
            Path::new("/work/app/nuget.config"),
            Path::new("/home/ada/.nuget/NuGet/NuGet.Config")
        ]
    );
    assert_eq!(entries(&project.edits[0]), [source]);
    assert!(!project.edits[0].holds_token());
    assert_eq!(entries(&project.edits[1]), credentials);
}

#[test]
fn tool_names_read_back_case_blind() {
    for tool in Tool::ALL {
        assert_eq!(Tool::parse(&tool.name().to_uppercase()), Some(tool));
    }
    assert_eq!(Tool::parse("dotnet"), Some(Tool::Nuget));
    assert_eq!(Tool::parse("mvn"), Some(Tool::Maven));
    assert_eq!(Tool::parse("gem"), None);
}
