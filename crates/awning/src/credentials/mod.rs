//! What Awning tells other tools: each session's state and time left (`status`), and
//! credentials in the shapes the AWS tools read (`export`), and the bridge profile for
//! tools that know neither IAM Identity Center nor console sign-in (`bridge`).

pub mod bridge;
pub mod export;
pub mod status;
