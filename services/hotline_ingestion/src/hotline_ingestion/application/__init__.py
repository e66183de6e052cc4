"""Use cases of hotline_ingestion."""
