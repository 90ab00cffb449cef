"""dudao: static public-disclosure sites for school supervision (责任督学挂牌督导).

The build runs in phases, each in a package of its own layer (docs/architecture.md):
`sources` loads, validates and links the project into one read-only site model (`model`'s
types); `views` works out what pages and exports both show; `pages` plans every page and
renders it; `site` stages the pages, runs the engine and publishes; `exports` writes the
open data, feeds, sitemap and search index; `build` ties them together (and serves the
preview); `office` holds the workbook, new-record and schema tools; `caches` what builds
keep between them.
"""

__version__ = "0.1.0"
