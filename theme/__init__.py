"""dudao's mkdocs-material overrides, shipped inside the package as `dudao_theme`."""
