"""vnmonitor: Vietnamese news monitoring pipeline.

    import pipeline
    nlp = pipeline.load()
    record = pipeline.analyze("Chiều 12/9/2019, UBND tỉnh Quảng Nam ...", id="a1")
"""
from .language import analyze, analyze_many, default_nlp, load  # noqa: F401

__version__ = "0.1.0"
