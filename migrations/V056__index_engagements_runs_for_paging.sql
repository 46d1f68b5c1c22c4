-- Keyset paging of the newest-first lists (GET /v1/engagements, the runs of an engagement) walks
-- (created_at, id) descending; these indexes serve each page as one range scan.
CREATE INDEX engagements_page ON engagements (tenant_id, created_at DESC, id DESC);
DROP INDEX engagements_by_tenant_newest;
CREATE INDEX runs_page ON runs (tenant_id, engagement_id, created_at DESC, id DESC);
DROP INDEX runs_by_engagement_newest;
