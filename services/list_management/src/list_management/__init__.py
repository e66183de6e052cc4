"""list_management: the lists, benchmarks, catalog and personnel every other service reads from."""
