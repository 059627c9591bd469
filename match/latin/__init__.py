"""Latin-script matching: English and pinyin names against a Chinese registry, and against English names.

Brands publish supplier lists in English (Apple's list, Open Supply Hub facility lists); bureaus publish
Chinese registered names. Modules: text (folding, tokens, legal forms, abbreviations), pinyin
(syllables, other romanizations), crossscript (an English name explained against a Chinese one),
english (English name + address against English name + address), index (blocking keys in DuckDB),
matcher (the engine's English path). Settings and the hand-written lexicon: config/latin.yaml.
"""
