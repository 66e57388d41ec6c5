"""compliance layer (see docs/architecture.md)."""
