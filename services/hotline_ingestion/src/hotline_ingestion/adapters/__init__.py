"""Adapters: tables, repositories, event mapping."""
