"""Chinese text rules shared by the Django apps and the pure-Python generator.

Nothing here imports Django: script folding (OpenCC) and how dates and times read.
"""
