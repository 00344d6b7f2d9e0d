"""Slack workspace exports (the zip, or its folder): ``users.json``, ``channels.json`` (and ``groups.json``,
``dms.json``, ``mpims.json`` when present) and one JSON file per channel and day.

Contacts, each directed from the one who acts to the one addressed:

* a **reply in a thread** ties the replier to the thread's author (weight 1);
* a **mention** (``<@U123>`` in the text) ties the author to the mentioned person (weight 1);
* a **reaction** ties the reacting person to the message's author, weighing less (:data:`REACTION_WEIGHT`): a click is
  not a sentence.

Bots (``is_bot``, ``bot_message``, Slackbot) and deleted users are left out and counted, as are messages that are
joins, leaves and other channel events. People are known by their profile e-mail when the export has it (so
``--aliases`` and mail records meet on the same key), else by their Slack id; the display name is the label.
The export has no owner: who exported it is not recorded.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from inroads.errors import InputError
from inroads.io.records.archive import is_archive, members
from inroads.io.records.people import address_key
from inroads.io.records.ties import Records

__all__ = ["REACTION_WEIGHT", "read_slack"]

#: Weight of a reaction, against 1 for a reply or a mention.
REACTION_WEIGHT = 0.25
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_EVENTS = {"channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
           "group_join", "group_leave", "pinned_item", "bot_add", "bot_remove"}  # fmt: skip
_META = {"users.json", "channels.json", "groups.json", "dms.json", "mpims.json", "integration_logs.json",
         "canvases.json", "huddles.json", "org_users.json"}  # fmt: skip


def _load(data: bytes, where: str) -> Any:
    from inroads.io.records import json_load

    return json_load(data, where)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class _People:
    """Users of the export: who is a bot or deleted, their keys and labels."""

    def __init__(self, users: Any, records: Records, where: str) -> None:
        if not isinstance(users, list):
            raise InputError("users.json is not a list of users", where=where, fix="give an unchanged Slack export")
        self.records = records
        self.index: dict[str, int | None] = {"USLACKBOT": None}
        self.excluded: dict[str, str] = {"USLACKBOT": "bots"}
        for user in users:
            if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                continue
            uid = user["id"]
            profile: dict[str, Any] = user["profile"] if isinstance(user.get("profile"), dict) else {}
            if user.get("is_bot") or user.get("is_app_user"):
                self.excluded[uid] = "bots"
                continue
            if user.get("deleted"):
                self.excluded[uid] = "deleted users"
                continue
            email = _text(profile.get("email"))
            label = (
                _text(profile.get("display_name"))
                or _text(profile.get("real_name"))
                or _text(user.get("real_name"))
                or _text(user.get("name"))
            )
            key = address_key(email) if "@" in email else f"slack:{uid}"
            self.index[uid] = records.person(key, label or None)

    def get(self, uid: Any) -> int | None:
        """The person of a user id; None (and counted) for bots, deleted and unknown users."""
        if not isinstance(uid, str):
            return None
        if uid in self.index:
            return self.index[uid]
        reason = self.excluded.get(uid)
        if reason is None:
            self.index[uid] = None  # a user missing from users.json: counted once
            self.records.drop("people missing from users.json")
        return None


def read_slack(paths: list[Path]) -> Records:
    """Replies, mentions and reactions of Slack exports (module docstring) as :class:`Records`."""
    records = Records("slack", str(paths[0]) if len(paths) == 1 else ", ".join(map(str, paths)))
    for path in paths:
        if not path.exists():
            raise InputError("file not found", where=str(path), fix="check the path")
        if path.is_file() and not is_archive(path):
            raise InputError("a Slack export is a .zip or a folder", where=str(path), fix="give the whole export")
        files = dict(members(path))
        root = _root(files, str(path))
        people = _People(_load(files[root + "users.json"], f"{path}:users.json"), records, str(path))
        for uid, reason in people.excluded.items():
            if uid != "USLACKBOT":
                records.drop(reason)
        messages: list[tuple[str, dict[str, Any]]] = []
        for name in sorted(files):
            if not name.startswith(root) or not name.endswith(".json"):
                continue
            relative = name[len(root) :]
            if "/" not in relative or relative.rsplit("/", 1)[-1] in _META:
                continue
            day = _load(files[name], f"{path}:{name}")
            if not isinstance(day, list):
                raise InputError("a channel day is not a list of messages", where=f"{path}:{name}", fix="check it")
            channel = relative.rsplit("/", 1)[0]
            messages.extend((channel, m) for m in day if isinstance(m, dict))
        _contacts(records, people, messages)
    if records.read["messages"] == 0:
        raise InputError("no messages in the export", where=records.source, fix="give the whole export")
    return records


def _root(files: dict[str, bytes], where: str) -> str:
    """The folder inside the archive holding ``users.json`` (exports are sometimes zipped with a top folder)."""
    for name in sorted(files, key=len):
        if name.rsplit("/", 1)[-1] == "users.json":
            return name[: -len("users.json")]
    raise InputError("no users.json: not a Slack export", where=where, fix="give the whole export (.zip or folder)")


def _contacts(records: Records, people: _People, messages: list[tuple[str, dict[str, Any]]]) -> None:
    authors: dict[tuple[str, str], int | None] = {}
    for channel, message in messages:
        if isinstance(message.get("ts"), str):
            authors[(channel, message["ts"])] = people.get(message.get("user"))
    for channel, message in messages:
        records.read["messages"] += 1
        subtype = message.get("subtype")
        if subtype in _EVENTS:
            records.drop("channel events (joins, leaves, topics)")
            continue
        if subtype == "bot_message" or (message.get("bot_id") and not message.get("user")):
            records.drop("bot messages")
            continue
        author = people.get(message.get("user"))
        if author is None:
            records.drop("messages of bots, deleted or unknown users")
            continue
        try:
            when = float(message.get("ts", "nan"))
        except (TypeError, ValueError):
            when = math.nan
        thread = message.get("thread_ts")
        if isinstance(thread, str) and thread != message.get("ts"):
            parent = people.get(message.get("parent_user_id")) if message.get("parent_user_id") else None
            parent = parent if parent is not None else authors.get((channel, thread))
            if parent is not None:
                records.contact(author, parent, when, 1.0)
                records.read["thread replies"] += 1
        for uid in dict.fromkeys(_MENTION.findall(_text(message.get("text")))):
            mentioned = people.get(uid)
            if mentioned is not None:
                records.contact(author, mentioned, when, 1.0)
                records.read["mentions"] += 1
        reactions = message.get("reactions")
        for reaction in reactions if isinstance(reactions, list) else []:
            users = reaction.get("users") if isinstance(reaction, dict) else None
            for uid in users if isinstance(users, list) else []:
                reacting = people.get(uid)
                if reacting is not None:
                    records.contact(reacting, author, when, REACTION_WEIGHT)
                    records.read["reactions"] += 1
