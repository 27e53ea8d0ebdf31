-- The retry deadline runs from the latest submission of the document, not from the row's creation:
-- a resend of a document that was given up gets a full deadline of its own. Null (rows stored
-- before this column existed) means it runs from created_at.
alter table einvoice add column give_up_clock_from timestamptz;
