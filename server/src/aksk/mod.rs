//! AK/SK credentials: the official SDKs' `SDK-HMAC-SHA256` signature
//! ([`signer`]), where the keys come from ([`credentials`]) and the
//! gateway-like check of the emulator's `--verify-aksk` ([`verify`]).

pub mod credentials;
pub mod request;
pub mod signer;
pub mod verify;
