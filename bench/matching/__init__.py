"""What measures the matching engine, kept apart from it: gold sets, calibration, the recall
ceiling and baselines. These modules import the engine (match/); match/ never imports them, and
the gold-set generators import neither the engine nor its lexicon, parser or keys.

- goldset: labelled queries generated from the simulator's company universe
- ambiguity: how much of the Chinese gold set any matcher could resolve (the ceiling)
- calibrate: fits the score weights of config/matching.yaml
- queries: gold queries as the engine's Query objects
"""
