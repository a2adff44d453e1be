"""Delivery of the weekly reports by e-mail, and alerts when a run fails.

Plain functions, no Prefect: `content` reads what the mail says about a chat-week from the
warehouse, `images` draws its charts as static PNGs, `message` builds the mail-safe message
(text and HTML parts, images inline, the interactive report attached as one file), `smtp`
sends it with bounded retries, `ledger` records who got what in `ops`, `alerts` writes the
failure alert and the low-data note, and `week` ties them together for one chat-week.
"""
