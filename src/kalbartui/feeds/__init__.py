"""Fetching, parsing and discovering feeds."""
