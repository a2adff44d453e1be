"""The settings `chatreach demo` runs with: no configuration file needed."""

from datetime import date
from pathlib import Path

from config.chat import ChatSettings
from config.settings import Settings, WarehouseSettings
from config.sources import DemoSource, SourcesSettings

DEMO_CHAT = "tchat"


def demo_chat() -> ChatSettings:
    """The simulated #TChat as the demo configures it: its hosts, sponsor and time zone."""
    return ChatSettings(
        slug=DEMO_CHAT,
        hashtags=["TChat"],
        timezone="America/New_York",
        hosts=["TalentCulture", "MeghanMBiro"],
        sponsors=["Monster_Works"],
        sources=["demo"],
    )


def demo_settings(out_dir: Path, weeks: int, seed: int, end_week: date) -> Settings:
    """A one-chat configuration whose only source is the simulator, writing under out_dir."""
    chat = demo_chat()
    return Settings(
        warehouse=WarehouseSettings(path=out_dir.resolve() / "chatreach.duckdb"),
        chats={DEMO_CHAT: chat},
        sources=SourcesSettings(demo=DemoSource(seed=seed, weeks=weeks, end_week=end_week)),
    )
