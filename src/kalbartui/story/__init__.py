"""The whole story of an article: its page and its pictures, fetched and kept in the cache."""
