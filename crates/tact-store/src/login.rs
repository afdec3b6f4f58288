//! Failed sign-ins, counted in the database so that every desk sharing it enforces one limit.
//!
//! The store keeps only keyed hashes of the account (the e-mail) and of the client address
//! ([`Store::login_key`] is the installation's secret key for them), each failure's time,
//! and nothing else; rows older than the window are pruned as new failures come in.

use crate::{hex, new_id, now_ms, random_bytes, Result, Store};

/// Failed sign-ins within a window, as counted by [`Store::login_failures`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFailures {
    /// For this account from this address.
    pub pair: i64,
    /// For this account from any address.
    pub account: i64,
    /// From this address for any account.
    pub address: i64,
}

impl Store {
    /// The installation's secret key for hashing e-mails and addresses in the login limiter
    /// (made once, on first use, and shared by every desk on the database).
    pub async fn login_key(&self) -> Result<Vec<u8>> {
        if let Some(k) = self.login_key.get() {
            return Ok(k.clone());
        }
        let fresh = hex(&random_bytes::<32>());
        // Whoever inserts first wins; everyone then reads the same key.
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('login_limiter_key', $1) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(&fresh)
        .execute(&self.pool)
        .await?;
        let (key,): (String,) =
            sqlx::query_as("SELECT value FROM settings WHERE key = 'login_limiter_key'")
                .fetch_one(&self.pool)
                .await?;
        let key = key.into_bytes();
        Ok(self.login_key.get_or_init(|| key).clone())
    }

    /// Failed sign-ins since `since` (ms) for the account key and the address key (both
    /// keyed hashes, never the e-mail or the address itself).
    pub async fn login_failures(
        &self,
        account_key: &str,
        address_key: &str,
        since: i64,
    ) -> Result<LoginFailures> {
        let (pair, account, address): (i64, i64, i64) = sqlx::query_as(
            "SELECT \
             COALESCE(SUM(CASE WHEN account_key = $1 AND address_key = $2 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN account_key = $1 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN address_key = $2 THEN 1 ELSE 0 END), 0) \
             FROM login_failures WHERE (account_key = $1 OR address_key = $2) AND at > $3",
        )
        .bind(account_key)
        .bind(address_key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(LoginFailures {
            pair,
            account,
            address,
        })
    }

    /// Counts a failed sign-in now, and prunes failures at or before `prune_before` (ms).
    pub async fn record_login_failure(
        &self,
        account_key: &str,
        address_key: &str,
        prune_before: i64,
    ) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE at <= $1")
            .bind(prune_before)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO login_failures (id, account_key, address_key, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(new_id())
        .bind(account_key)
        .bind(address_key)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the failures of an account from an address (after it signed in there).
    pub async fn clear_login_failures(&self, account_key: &str, address_key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE account_key = $1 AND address_key = $2")
            .bind(account_key)
            .bind(address_key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
