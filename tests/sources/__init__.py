"""Tests of the connectors in sources/."""
