"""inspection_scheduling: 双随机、一公开 joint inspections (DOMAIN §6); so far the verifiable draw core (issue 13 item 3)."""
