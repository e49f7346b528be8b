"""The campaign-theme taxonomy: a YAML file users edit, validated strictly.

A taxonomy file looks like ``models/themes/themes.yaml``::

    version: 1
    themes:
      - id: an_toan_giao_thong          # stable key for output and dashboards
        name: An toàn giao thông        # what a user reads
        description: >-                 # the scope an annotator follows
          Traffic safety campaigns ...
        cues: [an toàn giao thông, ...] # typical phrases (baseline, explain, weak labels)
        en: Traffic safety              # optional English name
        examples: [...]                 # optional passages written by the user (training text)
        aliases: [old_id]               # optional former ids: their labels count for this theme

Renaming a theme's id keeps its training labels when the old id is listed in
`aliases`; labels of a dropped theme are ignored at training time. A file with
unknown keys, missing fields, wrong types or duplicate ids is refused with a
`TaxonomyError` naming the theme and the key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..resources import taxonomy_file

DEFAULT_TAXONOMY = taxonomy_file()

_TOP_KEYS = {"version": int, "themes": list}
_REQUIRED = ("id", "name", "description", "cues")
_OPTIONAL = ("en", "examples", "aliases")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    cues: tuple[str, ...]
    en: str | None = None
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    version: int = 1
    source: str = "<memory>"
    _by_label: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for t in self.themes:
            for key in (t.id, *t.aliases):
                self._by_label[key] = t.id

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def __len__(self) -> int:
        return len(self.themes)

    def __iter__(self):
        return iter(self.themes)

    def __getitem__(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def resolve(self, label: str) -> str | None:
        """The current id for a label written as `label` (an id or an alias); None if dropped."""
        return self._by_label.get(label)

    def to_dict(self) -> dict:
        out = []
        for t in self.themes:
            d = {"id": t.id, "name": t.name}
            if t.en:
                d["en"] = t.en
            d["description"] = t.description
            d["cues"] = list(t.cues)
            if t.examples:
                d["examples"] = list(t.examples)
            if t.aliases:
                d["aliases"] = list(t.aliases)
            out.append(d)
        return {"version": self.version, "themes": out}


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise TaxonomyError(f"line {key_node.start_mark.line + 1}: key {key!r} appears twice in one mapping")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _str_list(value, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _theme(raw, n: int) -> Theme:
    where = f"theme #{n}"
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: expected a mapping with keys {', '.join(_REQUIRED)}")
    if isinstance(raw.get("id"), str):
        where = f"theme #{n} ({raw['id']})"
    unknown = sorted(set(map(str, raw)) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise TaxonomyError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
                            f"allowed: {', '.join(_REQUIRED + _OPTIONAL)}")
    missing = [k for k in _REQUIRED if k not in raw or raw[k] is None]
    if missing:
        raise TaxonomyError(f"{where}: missing required key(s) {', '.join(map(repr, missing))}")
    for key in ("id", "name", "description", "en"):
        if key in raw and raw[key] is not None and not (isinstance(raw[key], str) and raw[key].strip()):
            raise TaxonomyError(f"{where}: {key!r} must be a non-empty string")
    if not _ID.match(raw["id"]):
        raise TaxonomyError(f"{where}: id {raw['id']!r} must be lower-case letters, digits and '_', "
                            "starting with a letter")
    if any(c.isspace() and c != " " or not c.isprintable() for c in raw["name"]):
        # a name is one line of the text outputs (an alert a line) and one cell of the tables
        raise TaxonomyError(f"{where}: 'name' {raw['name']!r} holds a line break, tab or control character")
    aliases = _str_list(raw.get("aliases", []), where, "aliases")
    for a in aliases:
        if not _ID.match(a):
            raise TaxonomyError(f"{where}: alias {a!r} is not a valid id")
    return Theme(
        id=raw["id"], name=raw["name"].strip(), description=" ".join(raw["description"].split()),
        cues=_str_list(raw["cues"], where, "cues"), en=raw.get("en"),
        examples=_str_list(raw.get("examples", []), where, "examples"), aliases=aliases,
    )


def from_dict(data, source: str = "<memory>") -> Taxonomy:
    """Validate a parsed taxonomy; raise `TaxonomyError` on the first problem."""
    if not isinstance(data, dict):
        raise TaxonomyError(f"{source}: expected a mapping with keys 'version' and 'themes'")
    unknown = sorted(set(map(str, data)) - set(_TOP_KEYS))
    if unknown:
        raise TaxonomyError(f"{source}: unknown top-level key(s) {', '.join(map(repr, unknown))}; "
                            "allowed: 'version', 'themes'")
    for key, typ in _TOP_KEYS.items():
        if key not in data:
            raise TaxonomyError(f"{source}: missing top-level key {key!r}")
        if not isinstance(data[key], typ) or isinstance(data[key], bool):
            raise TaxonomyError(f"{source}: {key!r} must be a {typ.__name__}")
    if not data["themes"]:
        raise TaxonomyError(f"{source}: 'themes' is empty")
    themes = []
    labels: dict[str, str] = {}
    ids_at: dict[str, int] = {}
    for n, raw in enumerate(data["themes"], 1):
        try:
            theme = _theme(raw, n)
        except TaxonomyError as exc:
            raise TaxonomyError(f"{source}: {exc}") from None
        for k, label in enumerate((theme.id, *theme.aliases)):
            if label in labels:
                what = "alias" if k else "id"
                first = labels[label]
                where = ("the theme's own id" if first not in ids_at else
                         f"already theme #{ids_at[first]}'s {'id' if label == first else 'alias'}")
                raise TaxonomyError(f"{source}: theme #{n} ({theme.id}): duplicate {what} {label!r} ({where})")
            labels[label] = theme.id
        ids_at[theme.id] = n
        # people tell themes apart by their names (the text and HTML views, the report)
        same = next((t.id for t in themes if _name_key(t.name) == _name_key(theme.name)), None)
        if same is not None:
            raise TaxonomyError(f"{source}: theme #{n} ({theme.id}): name {theme.name!r} is already the name of "
                                f"{same}; the views show themes by name, so each needs its own")
        themes.append(theme)
    return Taxonomy(tuple(themes), version=data["version"], source=source)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy YAML file (the shipped default when `path` is None)."""
    path = Path(path) if path else DEFAULT_TAXONOMY
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"{path}: not valid UTF-8") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except TaxonomyError as exc:
        raise TaxonomyError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark else ""
        raise TaxonomyError(f"{path}: not valid YAML{at}: {getattr(exc, 'problem', exc)}") from None
    return from_dict(data, source=str(path))


def _name_key(name: str) -> str:
    """A theme's name as a reader tells names apart: composed (NFC), case and the tone mark's place
    ("Văn hoá" / "Văn hóa") aside."""
    from ..text import normalize

    return normalize(name).text.casefold()
