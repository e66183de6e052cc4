"""Adapters: SQLAlchemy tables, repositories and query functions."""
