DROP TABLE kernel_job_leases;
