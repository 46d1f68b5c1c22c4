-- The customer's explicit consent to a scope wider than the large-scope limits (core ScopeLimits).
ALTER TABLE engagements ADD COLUMN allow_large_scope boolean NOT NULL DEFAULT false;
