"""hotline_ingestion: 12345 work orders from intake to evaluation — routed, clocked, fed back."""
