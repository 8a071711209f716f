//! Social sign-in rules: a known provider identity signs its user in; an e-mail already
//! registered another way is refused; otherwise a new, verified account is created (with the
//! welcome bonus, once).

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::Env;
use super::auth::{SessionTokens, credit_welcome_bonus, start_session};
use crate::error::AccountsError;
use crate::model::{Email, NewUser, Nickname, User, UserStatus};
use crate::oauth::SocialProfile;
use crate::schema::{accounts_social_identities, accounts_users};

/// A nickname that fits the rules from whatever the provider calls the person.
fn usable_nickname(raw: &str) -> String {
    let cleaned: String = raw.chars().filter(|c| c.is_alphanumeric()).take(20).collect();
    match Nickname::parse(&cleaned) {
        Ok(n) => n.as_str().to_string(),
        Err(_) => format!("회원{}", praline_kernel::crypto::random_code(4, b"0123456789")),
    }
}

/// Signs a provider's person in, creating the account on first visit; `avatar_key` is a stored
/// picture to use for a new account. Returns the session and whether the account is new.
pub fn sign_in(
    conn: &mut Conn,
    env: &Env<'_>,
    profile: &SocialProfile,
    avatar_key: Option<&str>,
) -> Result<(SessionTokens, bool), AccountsError> {
    let provider = profile.provider.as_str();
    let (user_id, created) = db::transaction(conn, |conn| {
        let linked: Option<i64> = accounts_social_identities::table
            .filter(accounts_social_identities::provider.eq(provider))
            .filter(accounts_social_identities::subject.eq(&profile.subject))
            .select(accounts_social_identities::user_id)
            .first(conn)
            .optional()?;
        if let Some(user_id) = linked {
            return Ok((user_id, false));
        }
        let email = profile.email.as_deref().ok_or(AccountsError::OAuthNoEmail)?;
        let email = Email::parse(email).map_err(|_| AccountsError::OAuthNoEmail)?;
        if let Some(existing) = User::by_email(conn, &email)? {
            if existing.login_type != provider {
                return Err(AccountsError::EmailRegisteredWithOtherMethod(existing.login_type));
            }
            link(conn, env, existing.id, profile)?;
            return Ok((existing.id, false));
        }
        let now = env.now.naive_utc();
        let user_id = diesel::insert_into(accounts_users::table)
            .values(NewUser {
                email: email.as_str(),
                nickname: &usable_nickname(&profile.nickname),
                password_hash: None,
                login_type: provider,
                status: UserStatus::Active.as_str(),
                is_admin: false,
                email_verified: true,
                created_at: now,
                updated_at: now,
            })
            .returning(accounts_users::id)
            .get_result::<i64>(conn)?;
        if let Some(key) = avatar_key {
            diesel::update(accounts_users::table.find(user_id))
                .set(accounts_users::avatar_key.eq(Some(key)))
                .execute(conn)?;
        }
        link(conn, env, user_id, profile)?;
        credit_welcome_bonus(conn, env, user_id)?;
        Ok((user_id, true))
    })?;
    let user = User::find(conn, user_id)?.ok_or(AccountsError::NotFound)?;
    match user.status() {
        UserStatus::Active => {}
        // Proving the identity again at the provider reactivates a withdrawn account.
        UserStatus::Dormant => {
            diesel::update(accounts_users::table.find(user_id))
                .set((
                    accounts_users::status.eq(UserStatus::Active.as_str()),
                    accounts_users::dormant_since.eq(None::<chrono::NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        UserStatus::Suspended => return Err(AccountsError::AccountSuspended),
        UserStatus::Pending | UserStatus::Anonymised => return Err(AccountsError::InvalidCredentials),
    }
    Ok((start_session(conn, env, user_id)?, created))
}

fn link(conn: &mut Conn, env: &Env<'_>, user_id: i64, profile: &SocialProfile) -> Result<(), AccountsError> {
    diesel::insert_into(accounts_social_identities::table)
        .values((
            accounts_social_identities::user_id.eq(user_id),
            accounts_social_identities::provider.eq(profile.provider.as_str()),
            accounts_social_identities::subject.eq(&profile.subject),
            accounts_social_identities::created_at.eq(env.now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}
