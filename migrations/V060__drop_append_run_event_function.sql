-- The append is one statement in PostgresRunEventStore now (the same guards as V055's function, without
-- PL/pgSQL's per-statement cost: about half the server time per append). Nothing calls the function.
DROP FUNCTION append_run_event(uuid, text, jsonb, text, text[], text[]);
