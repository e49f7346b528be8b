"""vnmonitor: Vietnamese news monitoring pipeline.

    import pipeline
    nlp = pipeline.load()
    record = pipeline.analyze("Chiều 12/9/2019, UBND tỉnh Quảng Nam ...", id="a1")
"""
import importlib

__version__ = "0.1.0"

_LANGUAGE = ("analyze", "analyze_many", "default_nlp", "load")


def __getattr__(name):
    # spaCy and the models load when the library is first used, not when a submodule is imported:
    # `vnmonitor report`, `alerts` and `--help` start without them, and a command interrupted in its
    # first second says so instead of printing a traceback of the imports
    if name in _LANGUAGE or name == "language":
        language = importlib.import_module(".language", __name__)
        return language if name == "language" else getattr(language, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LANGUAGE, "language"])
