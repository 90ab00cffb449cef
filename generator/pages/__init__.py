"""Plan every page (address, template, context) and render it to Markdown."""
