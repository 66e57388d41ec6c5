"""extract layer (see docs/architecture.md)."""
