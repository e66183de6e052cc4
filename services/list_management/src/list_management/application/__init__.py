"""Use cases: each opens one unit of work, calls the domain, commits state and events together."""
