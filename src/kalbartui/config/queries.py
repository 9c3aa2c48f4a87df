"""The config's entries that hold a query: [[views]], [[rules]] and [[alerts]] (with
notify_command). Each query is read by the query language when the config loads, so a mistake
is one sentence naming its entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kalbartui.config.checks import ConfigError, _choice, _table, toml_value
from kalbartui.models import RULE_ACTIONS, AlertSpec, Rule
from kalbartui.text import clean_line


@dataclass(frozen=True)
class ViewConfig:
    """A saved view under [[views]]: a sidebar entry listing what its query finds."""

    name: str
    query: str


def _alerts(file: Path, entries: list[Any]) -> tuple[AlertSpec, ...]:
    """`[[alerts]]`: each a query (checked now: a mistake is one sentence naming the alert),
    an optional name and an optional scope ("category:NAME" or "feed:NAME")."""
    specs = []
    for i, raw in enumerate(entries):
        where = f"alerts[{i}]"
        t = _table(file, where, raw, {"query": str, "name": str, "scope": str}, ("query",))
        if not t["query"].strip():
            raise ConfigError(file, "empty", key=f"{where}.query")
        spec = AlertSpec(query=t["query"], name=t.get("name", "").strip(), scope=t.get("scope", ""))
        _check_alert(file, where, spec)
        specs.append(spec)
    return tuple(specs)


def _check_alert(file: Path, where: str, spec: AlertSpec) -> None:
    """An alert's query and scope as the refresh will read them, or the ConfigError why not."""
    # The query language (lark) loads only for a config that has alerts.
    from kalbartui.query.parse import QueryError, parse
    from kalbartui.query.scope import split_scope

    alert = f'"{clean_line(spec.name, 80)}"' if spec.name else where
    try:
        parse(spec.query)
    except QueryError as exc:
        raise ConfigError(file, "alert_query", alert=alert, error=exc.problem) from None
    try:
        split_scope(spec.scope)
    except ValueError:
        raise ConfigError(
            file, "alert_scope", key=f"{where}.scope", value=toml_value(spec.scope)
        ) from None


def _notify_command(file: Path, data: dict[str, Any]) -> tuple[str, ...]:
    """`notify_command`: a program and its arguments, each a non-empty string."""
    command = data.get("notify_command", [])
    if "notify_command" in data and (
        not command or not all(isinstance(a, str) and a for a in command)
    ):
        raise ConfigError(file, "notify_command")
    return tuple(command)


MAX_VIEW_NAME = 80  # characters of a view's name (a sidebar line)


def _views(file: Path, raw: list[Any]) -> tuple[ViewConfig, ...]:
    """[[views]]: each a name and a query the query language reads; a query that cannot be
    read is one sentence naming the view, as the CLI and the reader say it."""
    from kalbartui.query.parse import QueryError, parse

    views: list[ViewConfig] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        where = f"views[{i}]"
        t = _table(file, where, entry, {"name": str, "query": str}, ("name", "query"))
        name = clean_line(t["name"], MAX_VIEW_NAME)
        if not name:
            raise ConfigError(file, "empty", key=f"{where}.name")
        if name.casefold() in seen:
            raise ConfigError(file, "view_twice", key=f"{where}.name", name=name)
        seen.add(name.casefold())
        try:
            parse(t["query"])
        except QueryError as exc:
            raise ConfigError(file, "view_query", name=name, error=exc.problem) from None
        views.append(ViewConfig(name=name, query=t["query"]))
    return tuple(views)


_SCOPES = ("category", "feed")


def _notify_rules(rules: tuple[Rule, ...]) -> tuple[AlertSpec, ...]:
    """The [[rules]] with action "notify" as alerts: their query with its scope, named by
    their place in the file."""
    return tuple(
        AlertSpec(query=r.full_query, name=f"rules[{r.position - 1}]")
        for r in rules
        if r.action == "notify"
    )


def _rule(file: Path, i: int, raw: Any) -> Rule:
    """One [[rules]] entry, checked: its query reads, its action is known, its tag and scope
    are there when needed and shaped right."""
    from kalbartui.query.parse import QueryError, parse

    where = f"rules[{i}]"
    t = _table(
        file, where, raw, {"query": str, "action": str, "tag": str, "scope": str}, ("action",)
    )
    action = _choice(file, f"{where}.action", t["action"], RULE_ACTIONS)
    query = t.get("query", "")
    scope = t.get("scope", "").strip()
    if not query.strip() and not scope:
        raise ConfigError(file, "needs_key", where=where, key="query")
    tag = ""
    if action == "tag":
        if "tag" not in t:
            raise ConfigError(file, "needs_key", where=where, key="tag")
        tag = clean_line(t["tag"], 100).strip()
        if not tag:
            raise ConfigError(file, "empty", key=f"{where}.tag")
    elif "tag" in t:
        raise ConfigError(file, "rule_tag_unused", key=f"{where}.tag", action=toml_value(action))
    if scope:
        field_name, colon, name = scope.partition(":")
        if not colon or field_name not in _SCOPES or not name.strip() or '"' in name:
            raise ConfigError(file, "rule_scope", key=f"{where}.scope", value=toml_value(scope))
        scope = f"{field_name}:{name.strip()}"
    rule = Rule(query=query, action=action, tag=tag, scope=scope, position=i + 1)  # type: ignore[arg-type]
    try:
        parse(query)  # alone first: a mistake's place is counted in the query as written
        parse(rule.full_query)
    except QueryError as exc:
        raise ConfigError(file, "rule_query", key=f"{where}.query", error=exc.problem) from None
    return rule
