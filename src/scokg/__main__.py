"""Allow ``python -m scokg`` so the CLI works without the console script on PATH."""

try:
    from scokg.cli import run
except KeyboardInterrupt:  # Ctrl-C while the CLI is still being imported
    from scokg.errors import ExitCode

    raise SystemExit(int(ExitCode.INTERRUPTED)) from None

run()
