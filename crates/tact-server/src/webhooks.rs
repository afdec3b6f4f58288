//! The outbound webhook sender: a background task that delivers approved items to each
//! practice's enabled webhooks.
//!
//! Every [`Sender::poll`] interval the task asks the store for approved drafts no enabled
//! webhook of their practice has been offered yet ([`Store::undelivered`]) and for retries that
//! are due ([`Store::due_deliveries`]), and POSTs each one as JSON ([`payload`]) with the header
//! `X-Tact-Signature: sha256=<hex HMAC-SHA256 of the body, keyed with the webhook's secret>`.
//! Every attempt is logged in the store's delivery log (attempt number, HTTP status, error,
//! next attempt). A 2xx answer ends the delivery; anything else (another status, a refused
//! connection, a timeout) schedules the next attempt after an exponential backoff
//! (`backoff`, doubled per attempt) until `max_attempts` have been made.
//!
//! Logs carry webhook and draft ids, attempt numbers and statuses — never the approved text.
//! `https://` URLs are delivered over TLS (rustls, TLS 1.2 and 1.3, the certificate checked
//! against the Mozilla root store of `webpki-roots`, plus any extra CA given with
//! [`Sender::with_extra_ca`], e.g. a private CA); `http://` URLs in the clear.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{json, Value};
use sha2::Sha256;
use tact_store::{DecisionKind, Delivery, NewDelivery, Store};

/// How the sender runs.
#[derive(Debug, Clone)]
pub struct Sender {
    /// How often the store is polled for new items and due retries.
    pub poll: Duration,
    /// The limit on one attempt: connect, send, and read the answer's status.
    pub timeout: Duration,
    /// The delay before the second attempt; doubled for each later one.
    pub backoff: Duration,
    /// Attempts per item and webhook, the first included.
    pub max_attempts: i64,
    /// The TLS client settings for `https://` webhooks (see [`tls_config`]).
    pub tls: Arc<rustls::ClientConfig>,
}

impl Default for Sender {
    fn default() -> Self {
        Sender {
            poll: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            backoff: Duration::from_secs(30),
            max_attempts: 8,
            tls: tls_config(None).expect("the built-in root certificates load"),
        }
    }
}

/// TLS client settings: the ring crypto provider, TLS 1.2 and 1.3, and as trust anchors the
/// Mozilla root store (`webpki-roots`, built in: the same on every machine, no system
/// files needed) plus, when given, every certificate of the PEM file `extra_ca`.
pub fn tls_config(extra_ca: Option<&Path>) -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = extra_ca {
        let shown = path.display();
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("reading the CA file {shown}: {e}"))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("the CA file {shown}: {e}"))?;
        if certs.is_empty() {
            return Err(format!("the CA file {shown} holds no PEM certificate"));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| format!("a certificate of {shown}: {e}"))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| format!("TLS settings: {e}"))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The signature header's value for `body`: `sha256=` and the hex HMAC-SHA256.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

impl Sender {
    /// Trusts the certificates of the PEM file `path` too (a private CA, or a test's
    /// self-signed certificate), besides the built-in roots.
    pub fn with_extra_ca(mut self, path: &Path) -> Result<Sender, String> {
        self.tls = tls_config(Some(path))?;
        Ok(self)
    }

    /// Starts the sender on the current tokio runtime; it runs until the runtime stops.
    pub fn spawn(self, store: Store) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(self.poll);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = self.run_once(&store).await {
                    tracing::warn!(error = %e, "webhook delivery round failed");
                }
            }
        })
    }

    /// One round: every new item and every due retry, one attempt each. Returns the number
    /// of attempts made.
    pub async fn run_once(&self, store: &Store) -> Result<usize, tact_store::Error> {
        let mut attempts = 0;
        for (org, webhook_id, draft_id) in store.undelivered(100).await? {
            self.attempt(store, &org, &webhook_id, &draft_id, 1).await?;
            attempts += 1;
        }
        let due: Vec<Delivery> = store.due_deliveries(tact_store::now_ms(), 100).await?;
        for d in due {
            let Some(draft_id) = d.draft_id.as_deref() else {
                continue;
            };
            self.attempt(
                store,
                &d.organization_id,
                &d.webhook_id,
                draft_id,
                d.attempt + 1,
            )
            .await?;
            attempts += 1;
        }
        Ok(attempts)
    }

    async fn attempt(
        &self,
        store: &Store,
        org: &str,
        webhook_id: &str,
        draft_id: &str,
        attempt: i64,
    ) -> Result<(), tact_store::Error> {
        let hook = store.webhook(org, webhook_id).await?;
        let (status_code, error) = if hook.disabled_at.is_some() {
            (None, Some("the webhook is disabled".to_owned()))
        } else {
            let body = serde_json::to_vec(&payload(store, org, draft_id).await?)
                .expect("JSON values serialize");
            let sig = signature(&hook.secret, &body);
            match tokio::time::timeout(self.timeout, post(&self.tls, &hook.url, &sig, body)).await {
                Err(_) => (None, Some(format!("timed out after {:?}", self.timeout))),
                Ok(Err(e)) => (None, Some(e)),
                Ok(Ok(status)) if (200..300).contains(&status) => (Some(status as i64), None),
                Ok(Ok(status)) => (Some(status as i64), Some(format!("HTTP status {status}"))),
            }
        };
        let failed = error.is_some() && hook.disabled_at.is_none();
        let next_attempt_at = (failed && attempt < self.max_attempts).then(|| {
            let factor = 1u32 << (attempt - 1).clamp(0, 20) as u32;
            tact_store::now_ms() + (self.backoff * factor).as_millis() as i64
        });
        tracing::info!(
            webhook = webhook_id,
            draft = draft_id,
            attempt,
            status = status_code,
            ok = error.is_none(),
            retry = next_attempt_at.is_some(),
            "webhook delivery"
        );
        store
            .record_delivery(
                org,
                webhook_id,
                &NewDelivery {
                    draft_id: Some(draft_id.to_owned()),
                    attempt,
                    status_code,
                    error,
                    next_attempt_at,
                },
            )
            .await?;
        Ok(())
    }
}

/// The JSON body delivered for an approved draft: ids, kind, the approved version's text,
/// number and verdict, and who approved it when (`approved_by` is null when the engine passed
/// the version and no one had to approve it).
pub async fn payload(store: &Store, org: &str, draft_id: &str) -> Result<Value, tact_store::Error> {
    let d = store.draft(org, draft_id).await?;
    let v = store.version(org, draft_id, d.current_version).await?;
    let approval = store
        .decisions(org, draft_id)
        .await?
        .into_iter()
        .rfind(|x| {
            x.version_id == v.id && matches!(x.kind, DecisionKind::Approve | DecisionKind::Override)
        });
    Ok(json!({
        "event": "draft.approved",
        "draft_id": d.id,
        "organization_id": d.organization_id,
        "practice_id": d.practice_id,
        "account_id": d.account_id,
        "kind": d.kind.as_str(),
        "replying_to": d.replying_to,
        "text": v.body,
        "version": v.number,
        "verdict": v.verdict.as_str(),
        "approved_by": approval.as_ref().map(|a| a.decided_by.clone()),
        "approved_at": approval.as_ref().map(|a| a.decided_at).unwrap_or(v.created_at),
        "decision": approval.as_ref().map(|a| a.kind.as_str()),
    }))
}

/// POSTs `body` to an `http://` or `https://` URL over a fresh connection; the answer's
/// status.
async fn post(
    tls: &Arc<rustls::ClientConfig>,
    url: &str,
    signature: &str,
    body: Vec<u8>,
) -> Result<u16, String> {
    let uri: hyper::Uri = url.parse().map_err(|_| "not a valid URL".to_owned())?;
    let secure = match uri.scheme_str() {
        Some("http") => false,
        Some("https") => true,
        _ => return Err("the URL must be http(s)".to_owned()),
    };
    let host = uri.host().ok_or("the URL has no host")?.to_owned();
    let bare_host = host.trim_matches(['[', ']']).to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let stream = tokio::net::TcpStream::connect((bare_host.as_str(), port))
        .await
        .map_err(|e| format!("connect: {}", e.kind()))?;
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or(host);
    let path = uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned());
    let req = hyper::Request::post(path)
        .header(hyper::header::HOST, authority)
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header(hyper::header::USER_AGENT, "tact-webhooks/1")
        .header("x-tact-signature", signature)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("request: {e}"))?;
    if secure {
        let name = rustls::pki_types::ServerName::try_from(bare_host)
            .map_err(|_| "the URL's host is not a valid TLS server name".to_owned())?;
        let stream = tokio_rustls::TlsConnector::from(tls.clone())
            .connect(name, stream)
            .await
            .map_err(|e| format!("TLS: {e}"))?;
        exchange(stream, req).await
    } else {
        exchange(stream, req).await
    }
}

/// Sends one HTTP/1.1 request over `io` and reads the answer; its status.
async fn exchange<S>(io: S, req: hyper::Request<Full<Bytes>>) -> Result<u16, String>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(io))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let res = sender
        .send_request(req)
        .await
        .map_err(|e| format!("send: {e}"))?;
    let status = res.status().as_u16();
    // Read (and drop) the answer so the receiver sees a clean exchange.
    let _ = res.into_body().collect().await;
    Ok(status)
}
