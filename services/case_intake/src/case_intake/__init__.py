"""case_intake: enforcement cases from clue to closure, the full-process record, publicity and credit repair."""
