//! Each scope's server-side credential, from the secrets read once per
//! named credential: a key pair signs for the scope's own project; an IAM
//! user's (or agency's) token is scoped to a project, so one renewer serves
//! every scope of the same credential, IAM endpoint and project, and its
//! `run()` is returned as a background task.

use super::config::{CredentialSpec, ScopeSpec};
use super::place::ConfigError;
use super::secrets::Material;
use crate::iam::client::IamClient;
use crate::mode::BackgroundTask;
use crate::upstream::credential::UpstreamAuth;
use crate::upstream::project::ProjectId;
use crate::upstream::region;
use crate::upstream::token_renewal::TokenRenewer;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Renewers by (credential, IAM endpoint, project id).
type RenewerKey = (String, String, String);

/// Makes the credentials of the scopes, sharing renewers.
pub struct Credentials<'a> {
    specs: &'a BTreeMap<String, CredentialSpec>,
    materials: &'a BTreeMap<String, Material>,
    file: &'a str,
    timeout_ms: u64,
    quiet: bool,
    renewers: BTreeMap<RenewerKey, Arc<TokenRenewer>>,
}

impl<'a> Credentials<'a> {
    pub fn new(
        specs: &'a BTreeMap<String, CredentialSpec>,
        materials: &'a BTreeMap<String, Material>,
        file: &'a str,
        timeout_ms: u64,
        quiet: bool,
    ) -> Self {
        Credentials {
            specs,
            materials,
            file,
            timeout_ms,
            quiet,
            renewers: BTreeMap::new(),
        }
    }

    /// The credential of `scope`.
    pub fn for_scope(&mut self, scope: &ScopeSpec) -> Result<UpstreamAuth, ConfigError> {
        let spec = &self.specs[&scope.credential];
        let Some(material) = self.materials.get(&scope.credential) else {
            return Err(ConfigError::at(self.file, &spec.at, "was not read"));
        };
        Ok(match material {
            Material::AkSk(keys) => UpstreamAuth::AkSk {
                keys: keys.clone(),
                project: Arc::new(ProjectId::fixed(scope.project_id.clone())),
            },
            Material::Token(token) => UpstreamAuth::Token(token.clone()),
            Material::Iam { iam, user } => {
                let endpoint = match iam {
                    Some(url) => url.clone(),
                    None => region::endpoints(&scope.region)
                        .map_err(|_| {
                            ConfigError::at(
                                self.file,
                                &spec.at,
                                format!(
                                    "scope {} has no Huawei Cloud region to take IAM from; give iam = URL or region",
                                    scope.name
                                ),
                            )
                        })?
                        .iam,
                };
                let key = (
                    scope.credential.clone(),
                    endpoint.clone(),
                    scope.project_id.clone(),
                );
                let renewer = match self.renewers.get(&key) {
                    Some(r) => r.clone(),
                    None => {
                        let client = IamClient::new(endpoint, self.timeout_ms)
                            .map_err(|e| ConfigError::at(self.file, &spec.at, e.to_string()))?;
                        let r = Arc::new(TokenRenewer::new(
                            client,
                            user.clone(),
                            scope.project_id.clone(),
                            self.quiet,
                        ));
                        self.renewers.insert(key, r.clone());
                        r
                    }
                };
                UpstreamAuth::IamUser(renewer)
            }
        })
    }

    /// Their `run()` loops, to start with the server.
    pub fn tasks(&self) -> Vec<BackgroundTask> {
        self.renewers
            .values()
            .map(|r| -> BackgroundTask { Box::pin(r.clone().run()) })
            .collect()
    }
}

/// A start-up line about one credential: its kind and where its secret
/// comes from, never the secret.
pub fn describe(spec: &CredentialSpec) -> String {
    use super::config::CredentialKind as K;
    let what = match &spec.kind {
        K::AkSkEnv { ak, sk, .. } => format!("AK/SK from {} and {}", ak.shown(), sk.shown()),
        K::AkSkProfile { profile, file, .. } => match file {
            Some(f) => format!("AK/SK from profile [{profile}] of {}", f.display()),
            None => format!("AK/SK from profile [{profile}] of the SDK credentials file"),
        },
        K::IamUser { domain, user, .. } => format!("IAM user {user} of account {domain}, token renewed"),
        K::Agency {
            via,
            agency_domain,
            agency_name,
            ..
        } => {
            format!("agency {agency_name} of account {agency_domain} assumed via {via}, token renewed")
        }
        K::Token { token } => format!("IAM token from {}", token.shown()),
    };
    format!("credential {}: {what}", spec.name)
}
