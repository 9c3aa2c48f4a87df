"""Sync with a Google Reader API server (FreshRSS, Miniflux, ...): client, engine."""
