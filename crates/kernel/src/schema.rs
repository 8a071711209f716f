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
