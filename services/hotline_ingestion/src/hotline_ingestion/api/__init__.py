"""HTTP entrypoint of hotline_ingestion."""
