-- Keyset paging of the findings lists (GET /v1/tests/{id}/findings, GET /v1/engagements/{id}/findings):
-- most severe first, then newest first, i.e. (severity_rank, created_at, id) descending like every paged list.
-- severity_rank is Severity's declaration order (info 0 ... critical 4, the ordinal the page cursor carries), kept
-- in the row so the order and the minimum-severity filter are plain columns an index can serve.
ALTER TABLE findings ADD COLUMN severity_rank smallint NOT NULL GENERATED ALWAYS AS (
    CASE severity WHEN 'info' THEN 0 WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 END
) STORED;

-- a run's page reads this index in order from its cursor (the engagement list reads all its findings per page)
CREATE INDEX findings_page ON findings (tenant_id, run_id, severity_rank DESC, created_at DESC, id DESC);
