//! Upstream mode: the proxy to a real SDRS endpoint, the credential it adds
//! (token, AK/SK or the server's own IAM user, renewed), the project id and
//! the region's endpoints.

pub mod credential;
pub mod fetch;
pub mod project;
pub mod proxy;
pub mod region;
pub mod router;
pub mod token_renewal;
