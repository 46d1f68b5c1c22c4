-- The mode a run executes in, decided once when it is queued: StartRun checks what a real run needs then (a
-- recorded authorization, only executable tests) and the workflow's steps run in this mode, whatever their own
-- SIMULATE_PROGRESS says now. Before, each step used its worker's setting, so a run queued while simulated (never
-- checked) probed for real once the deployment had switched to real runs (a restart with SIMULATE_PROGRESS=false).
ALTER TABLE runs ADD COLUMN mode text CHECK (mode IN ('simulated', 'real'));

-- Existing runs: real when a step said so or a finding was stored (only a real step stores one); else simulated,
-- the side that never probes: a run without that evidence was not shown to have passed the real-run checks.
-- The tables force row-level security on their owner too, so the backfill lifts it for this transaction only.
ALTER TABLE runs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE run_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE findings NO FORCE ROW LEVEL SECURITY;
UPDATE runs r SET mode = CASE
    WHEN EXISTS (SELECT 1 FROM run_events e
                 WHERE e.run_id = r.id AND e.type = 'step.completed' AND e.payload -> 'summary' ->> 'mode' = 'real')
      OR EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.id)
    THEN 'real' ELSE 'simulated' END;
ALTER TABLE runs FORCE ROW LEVEL SECURITY;
ALTER TABLE run_events FORCE ROW LEVEL SECURITY;
ALTER TABLE findings FORCE ROW LEVEL SECURITY;

ALTER TABLE runs ALTER COLUMN mode SET NOT NULL;
