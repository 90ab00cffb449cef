"""dudao: static public-disclosure sites for school supervision (责任督学挂牌督导).

The build runs in phases, each in its own module:
load (`loading`) → validate (`validation`) → link (`linking`, giving one read-only
`model.Site`) → plan pages and addresses (`planning`, `addresses`) → render
Markdown in memory (`rendering`) → stage (`staging`) → run the engine (`engine`)
→ publish atomically (`publishing`). `build` ties them together.
"""

__version__ = "0.1.0"
