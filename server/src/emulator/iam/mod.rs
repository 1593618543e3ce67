//! Emulated IAM (`--iam-users`): the users and their tokens, and the IAM
//! calls the console and the SDKs make.

pub mod directory;
pub mod password_sign_in;
pub mod projects;
pub mod tokens;
