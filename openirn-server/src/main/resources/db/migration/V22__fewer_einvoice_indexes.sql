-- Every index of einvoice is written twice by each generate (the insert, and the outcome's update,
-- which changes indexed columns and so cannot be a heap-only update). Two of them served no query
-- another index cannot serve as well:
--
-- The search by invoice number (organization_id, environment, document_number_key) becomes a prefix
-- of the document's unique key, whose columns are reordered for it; the lookup of a document by its
-- full key (the duplicate check of every generate) uses the same index as before. A number matches
-- at most a few documents (one per seller, type and financial year), so the newest-first order is a
-- sort of those few rows.
alter table einvoice drop constraint einvoice_document;
alter table einvoice add constraint einvoice_document unique (organization_id, environment, document_number_key,
    seller_gstin, financial_year, document_type);
drop index einvoice_list_number;

-- The filter by document type has three values, and invoices are nearly all of them: it walks the
-- newest-first list index (einvoice_list) and skips the other types, as a filter on it.
drop index einvoice_list_type;
