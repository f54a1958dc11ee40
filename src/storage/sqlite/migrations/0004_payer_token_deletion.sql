-- Migration 4: payer_tokens.deleted_at, payer_tokens.deletion_comment. Released migrations are
-- never edited.
--
-- A deleted payer token keeps its row (a Recur with it must still be told it does not exist, and
-- the deletion is part of the merchant's history): these say when and why it was deleted.

ALTER TABLE payer_tokens ADD COLUMN deleted_at INTEGER;
ALTER TABLE payer_tokens ADD COLUMN deletion_comment TEXT;
