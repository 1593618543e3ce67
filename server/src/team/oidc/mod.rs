//! OpenID Connect sign-in (authorization code + PKCE, state and nonce)
//! against any standard provider, with the `openidconnect` crate. The
//! provider's metadata is discovered on first use and cached, so an
//! unreachable issuer does not stop the server: the sign-in route says so
//! (503) and tries again on the next sign-in. The client secret comes from
//! `SDRS_OIDC_CLIENT_SECRET` only and is never logged.

pub mod claims;
pub mod pending;
pub mod routes;

use crate::team::identity::{Identity, SignInMethod};
use claims::{role_from_claims, user_name, ExtraClaims};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreResponseType,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse,
};
use pending::{state_hash, PendingLogin, PendingLoginStore};
use sha2::{Digest, Sha256};
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The environment variable of the client secret.
pub const SECRET_ENV: &str = "SDRS_OIDC_CLIENT_SECRET";
/// The callback path; the redirect URI is the public URL plus this.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";
pub const START_PATH: &str = "/auth/oidc/start";
/// Provider metadata and keys are discovered again after this long, so a
/// key rotation at the provider is picked up.
const DISCOVERY_TTL: Duration = Duration::from_secs(900);
/// A failed discovery is answered from memory this long, so sign-ins
/// during an outage fail at once instead of queueing behind timeouts.
const FAILURE_MEMORY: Duration = Duration::from_secs(5);
/// Timeout of one call to the provider (discovery, token exchange).
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The client secret; its `Debug` never shows it.
#[derive(Clone)]
pub struct ClientSecretText(String);

impl std::fmt::Debug for ClientSecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(redacted)")
    }
}

impl ClientSecretText {
    pub fn new(secret: impl Into<String>) -> Self {
        ClientSecretText(secret.into())
    }

    /// `SDRS_OIDC_CLIENT_SECRET`, ignoring an empty value.
    pub fn from_env() -> Option<Self> {
        std::env::var(SECRET_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map(ClientSecretText)
    }
}

/// What the flags say about OIDC sign-in.
#[derive(Clone, Debug)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: ClientSecretText,
    /// Public URL + [`CALLBACK_PATH`].
    pub redirect_url: String,
    pub role_claim: String,
    pub operator_group: String,
    /// Scopes besides `openid`.
    pub scopes: Vec<String>,
    pub label: String,
}

type TokenFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// A client made from discovered metadata (authorization endpoint set,
/// token and userinfo endpoints as the provider says).
type OidcClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<TokenFields, CoreTokenType>,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in did not get through. Messages name the step and the
/// provider's error code, never a token, code, secret or user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OidcError {
    /// Discovery failed: the provider is unreachable or answers no metadata.
    Unavailable(String),
    /// The code exchange failed (refused code, wrong secret, provider down).
    Token(String),
    /// The ID token is missing or fails a check (signature, issuer,
    /// audience, expiry, nonce).
    IdToken(String),
}

impl OidcError {
    /// The short code of `/?signInError=`.
    pub fn code(&self) -> &'static str {
        match self {
            OidcError::Unavailable(_) => "oidc_unavailable",
            OidcError::Token(_) => "oidc_token",
            OidcError::IdToken(_) => "oidc_id_token",
        }
    }
}

impl std::fmt::Display for OidcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OidcError::Unavailable(m) | OidcError::Token(m) | OidcError::IdToken(m) => f.write_str(m),
        }
    }
}

/// The hash a pending login keeps of its browser's cookie value.
pub fn browser_hash(cookie_value: &str) -> String {
    hex::encode(Sha256::digest(cookie_value.as_bytes()))
}

/// A fresh browser cookie value: 32 random bytes, base64url.
pub fn new_browser_value() -> String {
    CsrfToken::new_random_len(32).secret().clone()
}

/// The last discovery: its client, or its failure.
#[derive(Default)]
struct Discovery {
    /// The client and until when it is used without asking again.
    client: Option<(Arc<OidcClient>, Option<Instant>)>,
    failure: Option<(OidcError, Instant)>,
    /// When a token last asked for fresh keys.
    refreshed_for_keys: Option<Instant>,
}

pub struct Oidc {
    settings: OidcSettings,
    issuer: IssuerUrl,
    redirect: RedirectUrl,
    http: reqwest::Client,
    discovered: Mutex<Discovery>,
    /// Logins started and not yet finished, shared by every instance on
    /// the database.
    pub pending: Arc<dyn PendingLoginStore>,
}

impl Oidc {
    /// Checks the issuer and redirect URLs; contacts nobody.
    pub fn new(settings: OidcSettings, pending: Arc<dyn PendingLoginStore>) -> io::Result<Self> {
        let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
        let issuer_url = reqwest::Url::parse(&settings.issuer)
            .map_err(|e| invalid(format!("--oidc-issuer {}: {e}", settings.issuer)))?;
        if !matches!(issuer_url.scheme(), "http" | "https") || issuer_url.query().is_some() {
            return Err(invalid(format!(
                "--oidc-issuer {}: expected an http(s) URL without query",
                settings.issuer
            )));
        }
        // Compared with the provider's metadata exactly as written.
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| invalid(format!("--oidc-issuer {}: {e}", settings.issuer)))?;
        let redirect = RedirectUrl::new(settings.redirect_url.clone())
            .map_err(|e| invalid(format!("OIDC redirect URI {}: {e}", settings.redirect_url)))?;
        // No redirects followed: the provider's endpoints are used as given.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| io::Error::other(format!("cannot build the HTTP client: {e}")))?;
        Ok(Oidc {
            settings,
            issuer,
            redirect,
            http,
            discovered: Mutex::new(Discovery::default()),
            pending,
        })
    }

    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    /// The client of the discovered metadata, discovering it first when
    /// there is none or it is old.
    async fn client(&self) -> Result<Arc<OidcClient>, OidcError> {
        let mut cached = self.discovered.lock().await;
        if let Some((client, Some(fresh_until))) = cached.client.as_ref() {
            if Instant::now() < *fresh_until {
                return Ok(client.clone());
            }
        }
        if let Some((failure, at)) = cached.failure.as_ref() {
            if at.elapsed() < FAILURE_MEMORY {
                return Err(failure.clone());
            }
        }
        let discovered = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http).await;
        let metadata = match discovered {
            Ok(m) => m,
            Err(e) => {
                // A provider down at refresh time: the metadata and keys
                // known still serve; discovery is tried again shortly.
                if let Some((client, fresh_until)) = cached.client.as_mut() {
                    *fresh_until = Some(Instant::now() + FAILURE_MEMORY);
                    return Ok(client.clone());
                }
                let failure = OidcError::Unavailable(format!(
                    "The OpenID provider {} could not be reached or answered no usable discovery document: {e}",
                    self.issuer.as_str()
                ));
                cached.failure = Some((failure.clone(), Instant::now()));
                return Err(failure);
            }
        };
        let client = OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.0.clone())),
        )
        .set_redirect_uri(self.redirect.clone());
        let client = Arc::new(client);
        cached.client = Some((client.clone(), Some(Instant::now() + DISCOVERY_TTL)));
        cached.failure = None;
        Ok(client)
    }

    /// The client of a discovery made now, unless a token asked for one
    /// moments ago (a burst of bad signatures does not hammer the provider).
    async fn rediscover(&self) -> Result<Arc<OidcClient>, OidcError> {
        {
            let mut cached = self.discovered.lock().await;
            let now = Instant::now();
            let recent = cached
                .refreshed_for_keys
                .is_some_and(|at| now.duration_since(at) < FAILURE_MEMORY);
            if let (true, Some((client, _))) = (recent, cached.client.as_ref()) {
                return Ok(client.clone());
            }
            cached.refreshed_for_keys = Some(now);
            if let Some((_, fresh_until)) = cached.client.as_mut() {
                *fresh_until = None;
            }
        }
        self.client().await
    }

    /// Starts a login for the browser of `browser_hash`: the provider's
    /// authorization URL to redirect to. The pending login is stored.
    pub async fn begin(&self, next: String, browser_hash: String) -> Result<reqwest::Url, OidcError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in &self.settings.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let login = PendingLogin {
            browser_hash,
            pkce_verifier: verifier.secret().clone(),
            nonce: nonce.secret().clone(),
            next,
            created_ms: crate::util::timefmt::now_ms(),
        };
        self.pending
            .insert(state_hash(state.secret()), login)
            .await
            .map_err(|e| OidcError::Unavailable(format!("The console's database is unavailable: {e}")))?;
        Ok(url)
    }

    /// Whether `iss` of the callback (RFC 9207), when the provider sends
    /// it, names this issuer.
    pub fn is_our_issuer(&self, iss: &str) -> bool {
        iss.trim_end_matches('/') == self.issuer.as_str().trim_end_matches('/')
    }

    /// Exchanges the code of a pending login and checks the ID token: the
    /// signed-in user.
    pub async fn finish(&self, login: &PendingLogin, code: String) -> Result<Identity, OidcError> {
        let client = self.client().await?;
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Token(format!("The OpenID provider has no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Token(token_error_text(&e)))?;
        let id_token = token
            .id_token()
            .ok_or_else(|| OidcError::IdToken("The token response has no ID token".into()))?;
        let nonce = Nonce::new(login.nonce.clone());
        let fresh;
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            // Signed with a key we do not know yet: the provider may have
            // rotated its keys since discovery. Check against fresh ones.
            Err(ClaimsVerificationError::SignatureVerification(_)) => {
                fresh = self.rediscover().await?;
                id_token.claims(&fresh.id_token_verifier(), &nonce)
            }
            other => other,
        }
        .map_err(|e| OidcError::IdToken(format!("The ID token was refused: {e}")))?;
        let user = user_name(
            claims.preferred_username().map(|u| u.as_str()),
            claims.email().map(|e| e.as_str()),
            claims.subject().as_str(),
        );
        let role = role_from_claims(
            &claims.additional_claims().claims,
            &self.settings.role_claim,
            &self.settings.operator_group,
        );
        Ok(Identity {
            user,
            role,
            method: SignInMethod::Oidc,
        })
    }
}

/// What went wrong in a code exchange, without the response body (which
/// could echo what was sent).
fn token_error_text<RE: std::error::Error + 'static>(
    e: &openidconnect::RequestTokenError<RE, StandardErrorResponse<CoreErrorResponseType>>,
) -> String {
    use openidconnect::RequestTokenError as E;
    match e {
        E::ServerResponse(r) => format!("The OpenID provider refused the code: {}", r.error()),
        E::Request(_) => "The OpenID provider could not be reached for the code exchange".into(),
        E::Parse(_, _) => "The OpenID provider's token response could not be read".into(),
        E::Other(m) => format!("The code exchange failed: {m}"),
    }
}
