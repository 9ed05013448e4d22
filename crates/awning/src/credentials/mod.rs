//! What Awning tells other tools: each session's state and time left (`status`), and
//! role credentials in the shapes the AWS tools read (`export`).

pub mod export;
pub mod status;
