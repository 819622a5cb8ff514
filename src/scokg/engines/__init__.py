"""Query engines implementing :class:`scokg.results.Engine` (embedded and remote)."""
