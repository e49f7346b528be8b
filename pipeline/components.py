"""Imports every module that registers a pipeline component factory.

A component is a spaCy factory (`@Language.factory("name")`) taking a Doc and
returning it; `pipeline/data/config.cfg` says which run and in what order.
"""
from .text import tokenizer  # noqa: F401  registers vnmonitor.UndertheseaTokenizer.v1
from .entities import numbers  # noqa: F401  registers "numbers"
from .admin import component as _admin  # noqa: F401  registers "admin"
from .entities import names_component  # noqa: F401  registers "names"
from .entities.officials import component as _officials  # noqa: F401  registers "officials"
from .themes import passages, component  # noqa: F401  registers "passages", "themes"
