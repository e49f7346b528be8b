"""Training the theme classifier, apart from prediction: label files resolved
against their corpora (`data`), fitting and scoring (`train`), the model card (`card`).
The pipeline never imports this package; `vnmonitor train-themes` and the scripts do."""
