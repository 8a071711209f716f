-- Leases for scheduled jobs: each job runs once per period across every gateway.
CREATE TABLE kernel_job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_started_at TIMESTAMP,
    last_finished_at TIMESTAMP,
    last_status TEXT,
    last_message TEXT
);
