//! The shell on Tauri's mock runtime: the app's setup, its state and its commands wired
//! together, without a display. What a person sees is the E2E suite's (`tests/e2e/`).

use awning::agent::AwsFiles;
use awning::channel::Channel;
use awning::config::{ConfigFile, FileKind};
use awning::problem::Problem;
use awning::vault::{CachePaths, StoreChoice};
use serde_json::{Value, json};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;

use tauri::Manager;

use super::shell;
use crate::start::Launch;
use crate::tasks::Tasks;

fn launch(folder: &std::path::Path) -> Launch {
    let config = folder.join("config");
    std::fs::write(
        &config,
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
    )
    .unwrap();
    Launch {
        channel: Channel::Test,
        data_dir: folder.join("data"),
        store: StoreChoice::File,
        caches: CachePaths {
            sso: folder.join("sso-cache"),
            login: folder.join("login-cache"),
        },
        files: AwsFiles {
            config: ConfigFile::new(config, FileKind::Config),
            credentials: ConfigFile::new(folder.join("credentials"), FileKind::Credentials),
            tools: None,
        },
        socket: None,
        tray: false,
    }
}

/// The app after its setup ran (one turn of its event loop), with a web view to ask.
fn started(
    launch: Result<Launch, Problem>,
) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    let mut app = shell(mock_builder(), launch)
        .build(mock_context(noop_assets()))
        .expect("the shell builds on the mock runtime");
    // One turn of the loop runs the setup, which is all this wants: nothing loops here.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a web view");
    (app, webview)
}

fn invoke(webview: &tauri::WebviewWindow<MockRuntime>, command: &str) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: tauri::ipc::InvokeBody::default(),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| body.deserialize().unwrap())
}

#[test]
fn the_shell_starts_its_agent_and_answers_the_window() {
    let folder = tempfile::tempdir().unwrap();
    let (app, webview) = started(Ok(launch(folder.path())));
    let startup = invoke(&webview, "startup").unwrap();
    assert_eq!(startup["problem"], Value::Null);
    let sessions = invoke(&webview, "sessions").unwrap();
    let corp = &sessions["sessions"][0];
    assert_eq!(corp["name"], "corp");
    assert_eq!(corp["state"], "signed-out");
    assert_eq!(corp["actions"], json!(["sign-in", "use-code", "remove"]));
    assert_eq!(
        app.state::<Tasks>().count(),
        3,
        "the clock and two event forwarders run"
    );
    // The probe left nothing behind in the vault.
    let index = std::fs::read_to_string(folder.path().join("data/vault-awning-test.json")).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&index).unwrap(), json!({}));
}

#[test]
fn a_shell_that_cannot_start_its_agent_says_why_as_a_code() {
    let (_app, webview) = started(Err(Problem::DataFolderUnknown));
    for command in ["startup", "retry_startup"] {
        let answer = invoke(&webview, command).unwrap();
        assert_eq!(answer["problem"], json!({ "code": "data-folder-unknown" }));
    }
}
