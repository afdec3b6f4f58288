//! Users, passwords, sessions and API tokens.

use std::time::Duration;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use serde_json::json;
use sqlx::Row;

use crate::org::{event, exists_in, organization_exists};
use crate::{
    found, hex, new_id, now_ms, random_bytes, row_in, sha256_hex, Action, Actor, ApiToken, Error,
    NewSession, Practice, Result, Session, Store, User,
};

/// What a request authenticates with (see [`Store::authorize`]).
#[derive(Clone, Copy)]
pub enum Credential<'a> {
    /// The secret of `Authorization: Bearer …`.
    ApiToken(&'a str),
    /// The session cookie's token.
    Session(&'a str),
}

/// The caller behind a credential, and the practice the request acts in when asked for.
#[derive(Clone)]
pub struct Authorized {
    pub organization_id: String,
    pub user_id: String,
    /// The session, when the credential was a session cookie.
    pub session: Option<Session>,
    pub practice: Option<Practice>,
}

/// Hashes a password with argon2id (default parameters, a fresh random salt) into a PHC
/// string (`$argon2id$v=19$…`).
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::Invalid(format!("password hashing failed: {e}")))
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    // Keep the compiler from short-cutting the loop.
    std::hint::black_box(diff) == 0
}

async fn hash_blocking(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| Error::Invalid(format!("password hashing task failed: {e}")))?
}

async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A valid hash of a random password, verified against when the e-mail is unknown so that
/// a failed login takes as long whether or not the account exists.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password(&hex(&random_bytes::<16>())).expect("hashing a random password")
    })
}

/// How precisely an API token's `last_used_at` is kept (ms).
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

const USER_COLUMNS: &str =
    "id, organization_id, email, display_name, password_hash, disabled_at, created_at, updated_at";
const SESSION_COLUMNS: &str = "id, organization_id, user_id, csrf_secret, created_at, expires_at";
const TOKEN_COLUMNS: &str =
    "id, organization_id, user_id, name, created_at, last_used_at, revoked_at";

/// E-mail addresses are compared trimmed and lower-cased.
fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Store {
    /// Creates a user of `org` with an argon2 hash of `password`. A taken e-mail (in any
    /// organization: e-mail is the login) is [`Error::Conflict`].
    pub async fn create_user(
        &self,
        org: &str,
        actor: &Actor,
        email: &str,
        display_name: &str,
        password: &str,
    ) -> Result<User> {
        let email = normalize_email(email);
        if !email.contains('@') {
            return Err(Error::Invalid("an e-mail address needs an @".into()));
        }
        let now = now_ms();
        let u = User {
            id: new_id(),
            organization_id: org.to_owned(),
            email,
            display_name: display_name.to_owned(),
            password_hash: hash_blocking(password.to_owned()).await?,
            disabled_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin_write().await?;
        organization_exists(&mut tx, org).await?;
        sqlx::query(&format!(
            "INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(&u.id)
        .bind(org)
        .bind(&u.email)
        .bind(&u.display_name)
        .bind(&u.password_hash)
        .bind(u.disabled_at)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::unique(e, "a user with this e-mail"))?;
        event(
            &mut tx,
            org,
            actor,
            Action::Create,
            "user",
            &u.id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(u)
    }

    pub async fn user(&self, org: &str, id: &str) -> Result<User> {
        row_in(&self.pool, "users", USER_COLUMNS, org, id).await
    }

    pub async fn users(&self, org: &str) -> Result<Vec<User>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE organization_id = $1 ORDER BY id"
        ))
        .bind(org)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Disables or re-enables a user. Disabling also ends their sessions.
    pub async fn set_user_disabled(
        &self,
        org: &str,
        actor: &Actor,
        id: &str,
        disabled: bool,
    ) -> Result<User> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE users SET disabled_at = $1, updated_at = $2 \
             WHERE id = $3 AND organization_id = $4",
        )
        .bind(disabled.then_some(now))
        .bind(now)
        .bind(id)
        .bind(org)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Error::NotFound);
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND organization_id = $2")
                .bind(id)
                .bind(org)
                .execute(&mut *tx)
                .await?;
        }
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "user",
            id,
            json!({ "disabled": disabled }),
        )
        .await?;
        tx.commit().await?;
        self.user(org, id).await
    }

    /// Replaces a user's password.
    pub async fn set_password(
        &self,
        org: &str,
        actor: &Actor,
        id: &str,
        password: &str,
    ) -> Result<()> {
        let hash = hash_blocking(password.to_owned()).await?;
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE users SET password_hash = $1, updated_at = $2 \
             WHERE id = $3 AND organization_id = $4",
        )
        .bind(hash)
        .bind(now_ms())
        .bind(id)
        .bind(org)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Error::NotFound);
        }
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "user",
            id,
            json!({ "password": "changed" }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks an e-mail and password. Success records a `login` event and returns the user;
    /// a wrong password, an unknown e-mail or a disabled user records `login_failed` (with
    /// the user id when known, never the e-mail) and is [`Error::InvalidCredentials`].
    pub async fn authenticate(&self, email: &str, password: &str) -> Result<User> {
        let email = normalize_email(email);
        let user: Option<User> = sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        ))
        .bind(&email)
        .fetch_optional(&self.pool)
        .await?;
        let hash = user
            .as_ref()
            .map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
        let ok = verify_blocking(password.to_owned(), hash).await;
        match user {
            Some(u) if ok && !u.is_disabled() => {
                self.record_event(
                    Some(&u.organization_id),
                    &Actor::User(u.id.clone()),
                    Action::Login,
                    "user",
                    &u.id,
                    json!({}),
                )
                .await?;
                Ok(u)
            }
            Some(u) => {
                let reason = if ok { "disabled" } else { "password" };
                self.record_event(
                    Some(&u.organization_id),
                    &Actor::System,
                    Action::LoginFailed,
                    "user",
                    &u.id,
                    json!({ "reason": reason }),
                )
                .await?;
                Err(Error::InvalidCredentials)
            }
            None => {
                self.record_event(
                    None,
                    &Actor::System,
                    Action::LoginFailed,
                    "user",
                    "",
                    json!({ "reason": "unknown_user" }),
                )
                .await?;
                Err(Error::InvalidCredentials)
            }
        }
    }

    /// Starts a session for a user of `org`, valid for `ttl`. The returned token goes into the
    /// cookie; only its SHA-256 is stored.
    pub async fn create_session(
        &self,
        org: &str,
        user_id: &str,
        ttl: Duration,
    ) -> Result<NewSession> {
        let token = hex(&random_bytes::<32>());
        let now = now_ms();
        let session = Session {
            id: new_id(),
            organization_id: org.to_owned(),
            user_id: user_id.to_owned(),
            csrf_secret: hex(&random_bytes::<32>()),
            created_at: now,
            expires_at: now.saturating_add(ttl.as_millis() as i64),
        };
        let mut conn = self.pool.acquire().await?;
        exists_in(&mut conn, "users", org, user_id).await?;
        sqlx::query(
            "INSERT INTO sessions (id, organization_id, user_id, token_hash, csrf_secret, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&session.id)
        .bind(org)
        .bind(user_id)
        .bind(sha256_hex(token.as_bytes()))
        .bind(&session.csrf_secret)
        .bind(session.created_at)
        .bind(session.expires_at)
        .execute(&mut *conn)
        .await?;
        Ok(NewSession { token, session })
    }

    /// The live session whose cookie token is `token`: `NotFound` when unknown, expired, or
    /// its user is disabled. (The token is hashed before the look-up, so the database's
    /// comparison leaks nothing useful about it.)
    pub async fn session(&self, token: &str) -> Result<Session> {
        found(
            sqlx::query_as(
                "SELECT s.id, s.organization_id, s.user_id, s.csrf_secret, s.created_at, \
                 s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
            )
            .bind(sha256_hex(token.as_bytes()))
            .bind(now_ms())
            .fetch_optional(&self.pool)
            .await?,
        )
    }

    /// Ends a session (logout), with a `logout` event. Unknown tokens are ignored.
    pub async fn delete_session(&self, token: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let session: Option<(String, String)> =
            sqlx::query_as("SELECT organization_id, user_id FROM sessions WHERE token_hash = $1")
                .bind(sha256_hex(token.as_bytes()))
                .fetch_optional(&mut *tx)
                .await?;
        let Some((org, user)) = session else {
            return Ok(());
        };
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(sha256_hex(token.as_bytes()))
            .execute(&mut *tx)
            .await?;
        event(
            &mut tx,
            &org,
            &Actor::User(user.clone()),
            Action::Logout,
            "user",
            &user,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms())
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// The sessions of a user of `org` (for "sign out everywhere").
    pub async fn sessions(&self, org: &str, user_id: &str) -> Result<Vec<Session>> {
        self.user(org, user_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE organization_id = $1 AND user_id = $2 \
             ORDER BY id"
        ))
        .bind(org)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Creates an API token for a user of `org`. Returns the token's record and its secret
    /// (`tact_` and 64 hex digits), shown once; only its SHA-256 is stored.
    pub async fn create_api_token(
        &self,
        org: &str,
        actor: &Actor,
        user_id: &str,
        name: &str,
    ) -> Result<(ApiToken, String)> {
        let secret = format!("tact_{}", hex(&random_bytes::<32>()));
        let t = ApiToken {
            id: new_id(),
            organization_id: org.to_owned(),
            user_id: user_id.to_owned(),
            name: name.to_owned(),
            created_at: now_ms(),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = self.begin_write().await?;
        exists_in(&mut tx, "users", org, user_id).await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, organization_id, user_id, name, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&t.id)
        .bind(org)
        .bind(user_id)
        .bind(&t.name)
        .bind(sha256_hex(secret.as_bytes()))
        .bind(t.created_at)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "api_token",
            &t.id,
            json!({ "created": true, "user": user_id }),
        )
        .await?;
        tx.commit().await?;
        Ok((t, secret))
    }

    /// The live token whose secret is `secret` (from `Authorization: Bearer …`), recording
    /// its use (to the minute). `NotFound` when unknown, revoked, or its user is disabled.
    pub async fn api_token(&self, secret: &str) -> Result<ApiToken> {
        let mut t: ApiToken = found(
            sqlx::query_as(
                "SELECT t.id, t.organization_id, t.user_id, t.name, t.created_at, \
                 t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
            )
            .bind(sha256_hex(secret.as_bytes()))
            .fetch_optional(&self.pool)
            .await?,
        )?;
        t.last_used_at = self.token_used(&t.id, t.last_used_at).await?;
        Ok(t)
    }

    /// Who is calling, and in which practice, in **one** query: the live API token or
    /// session behind `credential` (as [`Store::api_token`] and [`Store::session`]: unknown,
    /// revoked, expired or a disabled user is `NotFound`) joined with its user and, when
    /// `practice` is `Some`, the practice the request acts in: `Some(id)` names one (another
    /// organization's, or a missing one, is `NotFound`); `Some("")` picks the caller's
    /// first practice with a role, else the organization's first practice.
    pub async fn authorize(
        &self,
        credential: Credential<'_>,
        practice: Option<&str>,
    ) -> Result<Authorized> {
        // (table and join, condition, extra columns, the secret, the practice parameter)
        let (tables, condition, extra, secret, practice_param) = match credential {
            Credential::ApiToken(secret) => (
                "api_tokens c JOIN users u ON u.id = c.user_id",
                "c.token_hash = $1 AND c.revoked_at IS NULL AND u.disabled_at IS NULL",
                "c.last_used_at, NULL AS csrf_secret, NULL AS expires_at",
                secret,
                "$2",
            ),
            Credential::Session(token) => (
                "sessions c JOIN users u ON u.id = c.user_id",
                "c.token_hash = $1 AND c.expires_at > $2 AND u.disabled_at IS NULL",
                "NULL AS last_used_at, c.csrf_secret, c.expires_at",
                token,
                "$3",
            ),
        };
        let practice_columns = if practice.is_some() {
            ", p.id AS p_id, p.name AS p_name, p.profile_toml AS p_profile, \
             p.created_at AS p_created_at, p.updated_at AS p_updated_at, \
             p.analyzer_rev AS p_analyzer_rev"
        } else {
            ""
        };
        let practice_join = if practice.is_some() {
            format!(
                " LEFT JOIN practices p ON p.organization_id = c.organization_id AND p.id = {}",
                crate::org::chosen_practice("c.organization_id", "c.user_id", practice_param)
            )
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT c.id, c.organization_id, c.user_id, c.created_at, {extra}{practice_columns} \
             FROM {tables}{practice_join} WHERE {condition}"
        );
        let mut q = sqlx::query(&sql).bind(sha256_hex(secret.as_bytes()));
        if let Credential::Session(_) = credential {
            q = q.bind(now_ms());
        }
        if let Some(p) = practice {
            q = q.bind(p.trim());
        }
        let row = found(q.fetch_optional(&self.pool).await?)?;
        let organization_id: String = row.try_get("organization_id")?;
        let user_id: String = row.try_get("user_id")?;
        let id: String = row.try_get("id")?;
        let session = match credential {
            Credential::ApiToken(_) => {
                let last_used: Option<i64> = row.try_get("last_used_at")?;
                self.token_used(&id, last_used).await?;
                None
            }
            Credential::Session(_) => Some(Session {
                id,
                organization_id: organization_id.clone(),
                user_id: user_id.clone(),
                csrf_secret: row.try_get("csrf_secret")?,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
            }),
        };
        let practice = if practice.is_some() {
            let id: Option<String> = row.try_get("p_id")?;
            match id {
                None => return Err(Error::NotFound),
                Some(id) => Some(Practice {
                    id,
                    organization_id: organization_id.clone(),
                    name: row.try_get("p_name")?,
                    profile_toml: row.try_get("p_profile")?,
                    created_at: row.try_get("p_created_at")?,
                    updated_at: row.try_get("p_updated_at")?,
                    analyzer_rev: row.try_get("p_analyzer_rev")?,
                }),
            }
        } else {
            None
        };
        Ok(Authorized {
            organization_id,
            user_id,
            session,
            practice,
        })
    }

    /// Records an API token's use, at most once a minute, so that a busy API client does not
    /// turn every request into a database write.
    async fn token_used(&self, id: &str, last_used_at: Option<i64>) -> Result<Option<i64>> {
        let now = now_ms();
        if last_used_at.is_none_or(|last| now - last >= LAST_USED_RESOLUTION_MS) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&self.pool)
                .await?;
            return Ok(Some(now));
        }
        Ok(last_used_at)
    }

    /// The user's tokens, revoked ones included.
    pub async fn api_tokens(&self, org: &str, user_id: &str) -> Result<Vec<ApiToken>> {
        self.user(org, user_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE organization_id = $1 AND user_id = $2 \
             ORDER BY id"
        ))
        .bind(org)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes a token for good (it stays listed, with the time).
    pub async fn revoke_api_token(&self, org: &str, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND organization_id = $3 \
             AND revoked_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .bind(org)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            exists_in(&mut tx, "api_tokens", org, id).await?;
            return Err(Error::Conflict("the token is already revoked".into()));
        }
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "api_token",
            id,
            json!({ "revoked": true }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
