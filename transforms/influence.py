"""Influence: PageRank of each recomputed chat-week's interaction graph, the parts of an
account's standing side by side ("why this score"), and how differently followers, reposts,
mentions and PageRank rank the week's accounts (marts.influence_correlation).

Everything here works on whole tables of the build's connection and reads only the recomputed weeks'
temp tables (int_account_week_rows, int_interactions, int_chat_weeks): a week's influence
depends on that week's interactions and account_week rows only, so the dirty-week rule of
stg_dirty_weeks.sql needs nothing more. The account_week mart step has just re-inserted the
recomputed weeks' rows; the influence step UPDATEs their influence and "why" columns.
"""

import duckdb

from transforms.pagerank import pagerank
from transforms.steps import PythonStep, replace_recomputed_weeks
from warehouse.sql import sql_query

DAMPING = 0.85
"""PageRank damping (METRICS.md)."""

TOLERANCE = 1e-12
"""Iterate until the L1 change of a week's ranks is below this (METRICS.md)."""

DIRECT_STRENGTH = 1.0
"""s added per reply, repost or quote from a to b; the edge weight is ln(1 + s)."""

MENTION_STRENGTH = 0.5
"""s added per mention from a to b."""

RANK_TIE = 1e-12
"""PageRanks whose sorted neighbours differ by at most this fraction of the larger one are one
tie level: float noise (a few ulps) never decides a rank; ties are then ordered by platform and
account_id, so influence_rank is deterministic. Spearman ranks use the same levels."""

MEASURES = ("followers_at_week_end", "reposts_received", "mentions_received", "influence_pagerank")
"""The account_week columns whose rankings influence_correlation compares, pairwise in order."""

MIN_CORRELATION_ACCOUNTS = 3
"""Fewer accounts than this in a week: spearman is NULL."""

_NODES = sql_query("transforms", "influence/nodes")

_EDGES = sql_query("transforms", "influence/edges")

_INFLUENCE = sql_query("transforms", "influence/influence")

_UPDATE = sql_query("transforms", "influence/update")


def _sql(name: str, **values: object) -> str:
    """The step's query `influence/<name>.sql` with its slots filled by our own values."""
    return sql_query("transforms", f"influence/{name}", **{k: str(v) for k, v in values.items()})


def build_influence(con: duckdb.DuckDBPyConnection) -> None:
    """PageRank of every recomputed week's graph, then the influence and "why" columns of
    marts.account_week for those weeks; leaves temp table int_influence for the next step."""
    con.execute(_NODES)
    con.execute(_EDGES, {"mention": MENTION_STRENGTH, "direct": DIRECT_STRENGTH})
    pagerank(
        con,
        "influence_nodes",
        "influence_edges",
        "influence_ranks",
        damping=DAMPING,
        tolerance=TOLERANCE,
    )
    con.execute(_INFLUENCE, {"tie": RANK_TIE})
    con.execute(_UPDATE)
    for table in ("influence_nodes", "influence_edges", "influence_ranks"):
        con.execute(f"drop table if exists {table}")


_SPREAD = sql_query("transforms", "influence/spread")


def build_influence_spread(con: duckdb.DuckDBPyConnection) -> None:
    """chat_week's scored_participants, median_influence_score and top_tenth_pagerank_share
    for the recomputed weeks."""
    con.execute(_SPREAD)


def build_influence_correlation(con: duckdb.DuckDBPyConnection) -> None:
    """marts.influence_correlation for the recomputed weeks."""
    measures = ", ".join(f"('{name}', {i})" for i, name in enumerate(MEASURES))
    replace_recomputed_weeks(
        con,
        "marts.influence_correlation",
        _sql("correlation", measures=measures),
        {"min_accounts": MIN_CORRELATION_ACCOUNTS},
    )


INFLUENCE_STEP = PythonStep(
    "influence",
    build_influence,
    temp_tables=("influence_nodes", "influence_edges", "influence_ranks", "int_influence"),
    reads=("int_account_week_rows", "int_interactions", "int_chat_weeks"),
    writes=("marts.account_week",),
)
SPREAD_STEP = PythonStep(
    "influence_spread",
    build_influence_spread,
    reads=("marts.account_week", "int_chat_weeks"),
    writes=("marts.chat_week",),
)
CORRELATION_STEP = PythonStep(
    "influence_correlation",
    build_influence_correlation,
    reads=("marts.account_week", "int_influence", "int_chat_weeks"),
    writes=("marts.influence_correlation",),
)
