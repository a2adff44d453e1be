"""Pulls that resume where the last one stopped: fetch, load and move the cursor together.

Every page a connector yields (one API response, or a run of lines of a twarc2 archive) is
loaded in ONE transaction: the response lands in `raw.payloads`, its posts, accounts and
snapshots go through validation (rejects to quarantine, with the page's URL as origin), a twarc line
that could not be read goes to quarantine as a post record with its line number, and the
pull's cursor moves to `page.cursor`. A pull killed at any point therefore resumes right after
the last committed page: no gap, no page loaded twice.

The state of each pull lives in `ops.pull_cursors`, per (chat, source, endpoint), in scopes:

- `""`: the page cursor, to resume right after the last committed page; NULL when no pull
  is pending (the last page, or the end of the pages, was committed).
- `"pull"`: what that cursor belongs to, written with the first page of a pull: the window
  `{"since", "until"}` of an activity pull, the account ids of a lookup (a resumed lookup
  asks for exactly those), the sha256 of a twarc archive.
- `"next_since"` (activity only): where the next pull starts, the `until` of the last
  completed pull (it never moves back). Daily pulls thus chain without gaps and never reach
  back beyond X's 7-day recent search.
"""

from flows.pulling.activity import pull_activity
from flows.pulling.archive import load_twarc, pull_demo
from flows.pulling.pages import API_SOURCES, check_credentials, load_pages, open_client
from flows.pulling.result import PullRefused, PullResult, coverage_lines, is_transient
from flows.pulling.snapshots import participant_ids, pull_snapshots

__all__ = [
    "API_SOURCES",
    "PullRefused",
    "PullResult",
    "check_credentials",
    "coverage_lines",
    "is_transient",
    "load_pages",
    "load_twarc",
    "open_client",
    "participant_ids",
    "pull_activity",
    "pull_demo",
    "pull_snapshots",
]
