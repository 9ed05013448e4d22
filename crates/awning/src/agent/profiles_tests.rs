//! The profile manager's writes through the agent, on real files: previewed, written as
//! previewed, refused when a file changed meanwhile, and undone byte for byte.

use std::sync::Arc;

use super::super::{Agent, AgentError, AwsFiles};
use super::ProfileWrite;
use crate::config::{ConfigFile, FileKind};
use crate::manager::{Credentials, ProfileForm};
use crate::problem::{Field, FieldRule, Problem, Thing};
use crate::sso::SsoEngine;
use crate::test_support::{Quiet, mock_vault};
use crate::vault::Secret;

const CONFIG: &str = "# Ada's config\n[profile dev]\nregion = eu-west-1\n";
const CREDENTIALS: &str = "# keys\n";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

struct World {
    agent: Arc<Agent>,
    config: std::path::PathBuf,
    credentials: std::path::PathBuf,
    _folders: (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir),
}

impl World {
    fn new() -> Self {
        let (vault, data, mirror_home) = mock_vault();
        let folder = tempfile::tempdir().unwrap();
        let config = folder.path().join("config");
        let credentials = folder.path().join("credentials");
        std::fs::write(&config, CONFIG).unwrap();
        std::fs::write(&credentials, CREDENTIALS).unwrap();
        let files = AwsFiles {
            config: ConfigFile::new(&config, FileKind::Config),
            credentials: ConfigFile::new(&credentials, FileKind::Credentials),
            tools: None,
        };
        let engine = SsoEngine::new(vault, data.path().to_owned());
        let (agent, _) = Agent::new(engine, files, data.path().to_owned(), Arc::new(Quiet));
        Self {
            agent,
            config,
            credentials,
            _folders: (folder, data, mirror_home),
        }
    }

    fn texts(&self) -> (String, String) {
        (
            std::fs::read_to_string(&self.config).unwrap(),
            std::fs::read_to_string(&self.credentials).unwrap(),
        )
    }
}

fn new_keys(name: &str) -> ProfileWrite {
    ProfileWrite::Save {
        original: None,
        form: Box::new(ProfileForm {
            name: name.to_owned(),
            credentials: Credentials::StaticKeys {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
                secret_access_key: Some(Secret::new(SECRET)),
                session_token: None,
            },
            region: "us-west-2".to_owned(),
            output: String::new(),
            other: Vec::new(),
        }),
    }
}

#[tokio::test]
async fn a_previewed_write_is_written_as_shown_secret_masked_and_undone_byte_for_byte() {
    let world = World::new();
    let preview = world.agent.preview_profile_write(new_keys("keys")).unwrap();
    assert_eq!(
        world.texts(),
        (CONFIG.to_owned(), CREDENTIALS.to_owned()),
        "a preview writes nothing"
    );
    let diffs: String = preview
        .changes
        .iter()
        .map(|change| change.unified_diff())
        .collect();
    assert!(
        diffs.contains("+[keys]") && diffs.contains("+aws_secret_access_key = ********"),
        "{diffs}"
    );
    assert!(!diffs.contains(SECRET));

    let written = world.agent.apply_profile_write(preview.id).unwrap();
    let (config, credentials) = world.texts();
    assert_eq!(
        config,
        format!("{CONFIG}\n[profile keys]\nregion = us-west-2\n")
    );
    assert_eq!(
        credentials,
        format!(
            "{CREDENTIALS}\n[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SECRET}\n"
        )
    );
    assert_eq!(
        written
            .iter()
            .map(|change| change.after.clone())
            .collect::<Vec<_>>(),
        [credentials, config],
        "what was previewed is what was written"
    );
    let files: Vec<_> = written.iter().map(|change| change.path.clone()).collect();
    world.agent.undo_profile_write(&files).unwrap();
    assert_eq!(world.texts(), (CONFIG.to_owned(), CREDENTIALS.to_owned()));
}

#[tokio::test]
async fn undo_of_a_replaced_secret_undoes_neither_file_and_says_why() {
    let world = World::new();
    let created = world.agent.preview_profile_write(new_keys("keys")).unwrap();
    world.agent.apply_profile_write(created.id).unwrap();
    let ProfileWrite::Save { form, .. } = new_keys("keys") else {
        unreachable!()
    };
    let mut rotated = *form;
    rotated.credentials = Credentials::StaticKeys {
        access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
        secret_access_key: Some(Secret::new("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")),
        session_token: None,
    };
    rotated.region = "ap-northeast-1".to_owned();
    let rotation = world
        .agent
        .preview_profile_write(ProfileWrite::Save {
            original: Some("keys".to_owned()),
            form: Box::new(rotated),
        })
        .unwrap();
    let written = world.agent.apply_profile_write(rotation.id).unwrap();
    let after = world.texts();
    let files: Vec<_> = written.iter().map(|change| change.path.clone()).collect();
    let refused = world.agent.undo_profile_write(&files).unwrap_err();
    assert!(
        matches!(refused.problem(), Problem::UndoSecretGone { line: 5, .. }),
        "{refused}"
    );
    assert_eq!(world.texts(), after, "neither file was undone");
}

#[tokio::test]
async fn a_file_changed_after_the_preview_is_never_overwritten() {
    let world = World::new();
    let preview = world.agent.preview_profile_write(new_keys("keys")).unwrap();
    let theirs = format!("{CONFIG}output = json\n");
    std::fs::write(&world.config, &theirs).unwrap();
    let refused = world.agent.apply_profile_write(preview.id).unwrap_err();
    assert_eq!(
        refused.problem(),
        Problem::PreviewOutdated {
            file: world.config.display().to_string()
        }
    );
    assert_eq!(
        world.texts(),
        (theirs, CREDENTIALS.to_owned()),
        "nothing written"
    );
    // The preview is spent: reviewing again is the way on.
    assert!(matches!(
        world.agent.apply_profile_write(preview.id),
        Err(AgentError::PreviewOutdated(_))
    ));
}

#[tokio::test]
async fn a_bad_form_or_a_missing_profile_is_refused_before_any_preview() {
    let world = World::new();
    let refused = world
        .agent
        .preview_profile_write(new_keys("dev"))
        .unwrap_err();
    assert!(matches!(refused, AgentError::Invalid(ref fields)
        if fields.iter().any(|field| field.field == Field::Name && field.rule == FieldRule::Taken)));
    let missing = world
        .agent
        .preview_profile_write(ProfileWrite::Delete {
            name: "prod".to_owned(),
        })
        .unwrap_err();
    assert_eq!(
        missing.problem(),
        Problem::NotFound {
            thing: Thing::Profile,
            name: "prod".to_owned()
        }
    );
    assert!(
        world
            .agent
            .profile_form("dev")
            .is_ok_and(|form| form.region == "eu-west-1")
    );
}

#[tokio::test]
async fn the_listing_carries_the_files_problems_and_a_fix_goes_through_the_preview() {
    let world = World::new();
    std::fs::write(
        &world.config,
        "[profile dev]\nregion = eu-west-1\nregion = us-east-1\n",
    )
    .unwrap();
    let listing = world.agent.profile_listing().unwrap();
    let [problem] = listing.problems.as_slice() else {
        panic!("one problem: {:?}", listing.problems);
    };
    assert_eq!((problem.line, problem.profile.as_deref()), (3, Some("dev")));
    let fix = problem
        .fix
        .clone()
        .expect("a shadowed key has a one-click fix");
    let preview = world
        .agent
        .preview_profile_write(ProfileWrite::Fix(fix))
        .unwrap();
    world.agent.apply_profile_write(preview.id).unwrap();
    assert_eq!(world.texts().0, "[profile dev]\nregion = us-east-1\n");
    assert_eq!(world.agent.profile_listing().unwrap().problems, []);
}

#[tokio::test]
async fn marks_show_in_the_listing_and_follow_a_rename() {
    let world = World::new();
    let prod = crate::manager::Mark {
        favourite: true,
        hidden: false,
        tag: Some("prod".to_owned()),
    };
    world.agent.mark_profile("dev", prod.clone()).unwrap();
    let listed = world.agent.profile_listing().unwrap();
    assert_eq!(listed.profiles[0].mark, prod);
    let mut form = world.agent.profile_form("dev").unwrap();
    form.name = "prod".to_owned();
    let preview = world
        .agent
        .preview_profile_write(ProfileWrite::Save {
            original: Some("dev".to_owned()),
            form: Box::new(form),
        })
        .unwrap();
    world.agent.apply_profile_write(preview.id).unwrap();
    let listed = world.agent.profile_listing().unwrap();
    assert_eq!(
        (listed.profiles[0].name.as_str(), &listed.profiles[0].mark),
        ("prod", &prod)
    );
    let bad = crate::manager::Mark {
        tag: Some("two words".to_owned()),
        ..prod
    };
    assert!(matches!(
        world.agent.mark_profile("prod", bad),
        Err(AgentError::Invalid(_))
    ));
}
