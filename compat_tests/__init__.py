"""Differential compatibility tests: one test body against miniredis and real redis-server."""
