"""Allow ``python -m scokg`` so the CLI works without the console script on PATH."""

from scokg.cli import main

raise SystemExit(main())
