-- Which IRP registered an e-invoice (an endpoint name such as sandbox-2 or nic-1), now that an
-- environment may list several; rows registered before stay null.
ALTER TABLE einvoice ADD COLUMN irp text;
