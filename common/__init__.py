"""The small shared base every layer may import: generic text cleaning, crawl flags,
the garbage-collector settings. It imports nothing else of the project."""
