-- The retry deadline runs from the latest submission of the document, not from the row's creation:
-- a corrected or repeated resend of a document that was given up gets a full deadline of its own.
alter table einvoice add column give_up_clock_from timestamptz;
update einvoice set give_up_clock_from = created_at;
alter table einvoice alter column give_up_clock_from set not null;
