"""The build from end to end, whether the site is up to date, and the preview that rebuilds on every edit."""
