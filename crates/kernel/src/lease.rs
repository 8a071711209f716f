//! Leases that let every gateway run the same scheduled jobs while each job runs once per
//! period: a gateway runs a job only after taking its lease, and the lease lasts the period.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::Conn;
use crate::schema::kernel_job_leases;

/// A job's lease row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = kernel_job_leases)]
pub struct JobLease {
    pub name: String,
    pub holder: String,
    pub expires_at: NaiveDateTime,
    pub last_started_at: Option<NaiveDateTime>,
    pub last_finished_at: Option<NaiveDateTime>,
    pub last_status: Option<String>,
    pub last_message: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = kernel_job_leases)]
struct NewLease<'a> {
    name: &'a str,
    holder: &'a str,
    expires_at: NaiveDateTime,
    last_started_at: Option<NaiveDateTime>,
}

impl JobLease {
    /// Takes the lease on `name` for `ttl` if it is free or expired; true when taken.
    ///
    /// A conditional update decides between racing gateways; the primary key decides the very
    /// first insert.
    pub fn try_acquire(
        conn: &mut Conn,
        name: &str,
        holder: &str,
        ttl: Duration,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let now = now.naive_utc();
        let updated = diesel::update(
            kernel_job_leases::table
                .filter(kernel_job_leases::name.eq(name))
                .filter(kernel_job_leases::expires_at.le(now)),
        )
        .set((
            kernel_job_leases::holder.eq(holder),
            kernel_job_leases::expires_at.eq(now + ttl),
            kernel_job_leases::last_started_at.eq(Some(now)),
        ))
        .execute(conn)?;
        if updated == 1 {
            return Ok(true);
        }
        let inserted = diesel::insert_into(kernel_job_leases::table)
            .values(NewLease { name, holder, expires_at: now + ttl, last_started_at: Some(now) })
            .execute(conn);
        match inserted {
            Ok(_) => Ok(true),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Records how a run ended, keeping the lease until it expires.
    pub fn record_finish(
        conn: &mut Conn,
        name: &str,
        holder: &str,
        status: &str,
        message: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::update(
            kernel_job_leases::table
                .filter(kernel_job_leases::name.eq(name))
                .filter(kernel_job_leases::holder.eq(holder)),
        )
        .set((
            kernel_job_leases::last_finished_at.eq(Some(now.naive_utc())),
            kernel_job_leases::last_status.eq(Some(status)),
            kernel_job_leases::last_message.eq(Some(message)),
        ))
        .execute(conn)?;
        Ok(())
    }

    /// Every job's lease, for the operators' status page.
    pub fn all(conn: &mut Conn) -> QueryResult<Vec<JobLease>> {
        kernel_job_leases::table.select(JobLease::as_select()).order(kernel_job_leases::name.asc()).load(conn)
    }
}
