//! Tables owned by the kernel.

diesel::table! {
    /// One row per scheduled job: who holds it and until when, and how its last run went.
    kernel_job_leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
        last_started_at -> Nullable<Timestamp>,
        last_finished_at -> Nullable<Timestamp>,
        last_status -> Nullable<Text>,
        last_message -> Nullable<Text>,
    }
}

diesel::table! {
    /// Idempotency keys: the first final answer to a caller's key, kept 24 hours
    /// (`status_code` is NULL while the first request still runs).
    kernel_idempotency_keys (scope, idem_key) {
        scope -> Text,
        idem_key -> Text,
        fingerprint -> Text,
        status_code -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}
