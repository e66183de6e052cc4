"""HTTP entrypoint of list_management."""
