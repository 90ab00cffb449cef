"""The office's tools: workbooks in and out, new record files, the record files' schemas."""
