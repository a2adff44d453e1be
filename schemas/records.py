"""The three canonical record kinds and how each is keyed and stored."""

from dataclasses import dataclass

import pandera.polars as pa
import polars as pl

from schemas.accounts import Account
from schemas.posts import Post
from schemas.snapshots import FollowerSnapshot


@dataclass(frozen=True)
class RecordKind:
    """A canonical record kind: its model, its key and its core table."""

    name: str
    model: type[pa.DataFrameModel]
    key: tuple[str, ...]
    table: str

    @property
    def columns(self) -> dict[str, pl.DataType]:
        """Column name to polars dtype, in the model's order."""
        schema = self.model.to_schema()
        return {name: column.dtype.type for name, column in schema.columns.items()}

    @property
    def observed(self) -> bool:
        """Whether a record carries when it was observed apart from its key (`observed_at`:
        posts and accounts, not snapshots)."""
        return "observed_at" in self.columns and "observed_at" not in self.key

    @property
    def required(self) -> list[str]:
        """Columns that may not be null."""
        schema = self.model.to_schema()
        return [name for name, column in schema.columns.items() if not column.nullable]

    def descriptions(self) -> dict[str, str]:
        """Column name to its one-line description (the data dictionary)."""
        schema = self.model.to_schema()
        return {name: column.description or "" for name, column in schema.columns.items()}


POST = RecordKind("post", Post, ("platform", "post_id"), "core.posts")
ACCOUNT = RecordKind("account", Account, ("platform", "account_id"), "core.accounts")
SNAPSHOT = RecordKind(
    "snapshot",
    FollowerSnapshot,
    ("platform", "account_id", "captured_at"),
    "core.follower_snapshots",
)
RECORD_KINDS = {kind.name: kind for kind in (POST, ACCOUNT, SNAPSHOT)}
