"""`python -m chatreach`: the same command as `chatreach`."""

from flows.cli import main

main()
