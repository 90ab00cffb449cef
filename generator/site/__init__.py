"""Stage the rendered pages, run the engine, publish the site in one step."""
