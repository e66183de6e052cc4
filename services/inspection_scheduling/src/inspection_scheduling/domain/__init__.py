"""Pure rules of random inspections: no I/O, nothing of the service outside this package."""
