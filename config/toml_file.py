"""Settings written back as a `chatreach.toml` that `load_settings` reads to the same settings.

`chatreach demo` writes its configuration this way, so that the flows (which take the path of
a configuration file, never the settings themselves) and a user after it read the same file.
The standard library reads TOML but does not write it; the settings hold only tables, text,
numbers, booleans and lists of them, which is all this writes.
"""

import json
from pathlib import Path
from typing import Any

from config.settings import Settings


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() else json.dumps(name)


def _table(prefix: str, values: dict[str, Any], lines: list[str]) -> None:
    scalars = {k: v for k, v in values.items() if not isinstance(v, dict) and v is not None}
    if scalars or not prefix:
        if prefix:
            lines.append(f"[{prefix}]")
        lines += [f"{_key(k)} = {_value(v)}" for k, v in scalars.items()]
        lines.append("")
    for name, table in values.items():
        if isinstance(table, dict):
            _table(f"{prefix}.{_key(name)}" if prefix else _key(name), table, lines)


def settings_toml(settings: Settings) -> str:
    """The TOML text of the settings (chat slugs as table names, defaults left out)."""
    data = settings.model_dump(mode="json", exclude_defaults=True)
    for chat in data.get("chats", {}).values():
        chat.pop("slug", None)
    lines: list[str] = []
    _table("", data, lines)
    return "\n".join(lines).strip() + "\n"


def write_settings(settings: Settings, path: Path) -> Path:
    """Write the settings to `path` (its folder created); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(settings_toml(settings), encoding="utf-8")
    return path
