"""sitemap.xml and robots.txt, from the plan of pages (not from the built files).

A sitemap must list absolute addresses, so it is written only when `site.url` is set;
robots.txt is always written and names the sitemap when there is one.
"""

from __future__ import annotations


from ..model import addresses
from ..views.feeds import updated
from ..sources.linking import Site
from ..pages.planning import SitePlan


def sitemap(site: Site, plan: SitePlan) -> str | None:
    from xml.sax.saxutils import escape  # here: it imports urllib.request, on the path of every build

    if not site.config.site.url:
        return None
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(plan.pages, key=lambda p: p.url):
        if page.kind == "search":
            continue
        lines.append(f"  <url><loc>{escape(addresses.absolute(site.config.site.url, page.url))}</loc>")
        record = page.context.get("record")
        if record is not None and hasattr(record, "sort_date"):
            lines.append(f"    <lastmod>{updated(record).isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site: Site) -> str:
    text = "User-agent: *\nAllow: /\n"
    if site.config.site.url:
        text += f"Sitemap: {addresses.absolute(site.config.site.url, 'sitemap.xml')}\n"
    return text
