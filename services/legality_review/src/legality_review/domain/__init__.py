"""Pure rules of legality review: the checklist (L-4, L-7), reviewer eligibility (L-2, L-9), the file-review rubric."""
