//! `rust-sdk-peer PROFILE`: resolves PROFILE the way any Rust program using `aws-config`
//! would (config file, SSO and login caches, endpoint variables, its own refreshes),
//! calls STS GetCallerIdentity and prints `{"Account": .., "Arn": ..}`. The interop tests
//! run it beside botocore to check what Awning and the sandbox write and serve.

use aws_config::BehaviorVersion;
use aws_sdk_sts::error::DisplayErrorContext;

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let Some(profile) = std::env::args().nth(1) else {
        eprintln!("usage: rust-sdk-peer PROFILE");
        return std::process::ExitCode::from(2);
    };
    let config = aws_config::defaults(BehaviorVersion::latest())
        .profile_name(profile)
        .load()
        .await;
    match aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
    {
        Ok(identity) => {
            let reply = serde_json::json!({ "Account": identity.account(), "Arn": identity.arn() });
            println!("{reply}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", DisplayErrorContext(error));
            std::process::ExitCode::FAILURE
        }
    }
}
