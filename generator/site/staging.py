"""Phase 6, stage: write the rendered pages, files and a generated `mkdocs.yml` into a
staging folder that the engine builds. Nothing is written into the project.
"""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import yaml

from ..model import addresses
from ..model.escaping import engine_text
from ..model.i18n import MKDOCS_LANGUAGE, Words
from ..sources.linking import Site
from ..pages.planning import NAMED_KIND_WORDS, SitePlan
from ..pages.rendering import RenderedPage, tel_uri, write_page
from .theme import copy_theme

STYLESHEET = "assets/stylesheets/dudao.css"
# The words the browser script shows (key in the script → key in i18n).
JS_WORDS = {"no_results": "no_results", "all_results": "all_results",
            "n_results": "n_results", "n_schools": "n_schools", "supervisor": "responsible_supervisor",
            "closed": "closed", "call": "call", "former": "former", "search_everything": "search_everything",
            "locating": "near_locating", "nearest": "near_found", "no_location": "near_unavailable", "km": "near_km",
            **{f"kind_{kind}": word for kind, word in NAMED_KIND_WORDS.items()}}

# The Markdown extensions the engine runs over the staged pages; the last is dudao's own
# (`rawhtml.py`): the HTML blocks dudao writes are set aside without parsing them again.
ENGINE_MARKDOWN = ["attr_list", "tables", "admonition", {"toc": {"permalink": False}}, "generator.site.rawhtml"]


def police_record_url(record: str | None) -> str:
    """The public-security registration's own page: the number written in the record (公网安备…号)."""
    digits = re.search(r"\d{6,}", record or "")
    return f"https://beian.mps.gov.cn/#/query/webSearch?code={digits.group()}" if digits else ""


def mkdocs_config(site: Site, plan: SitePlan) -> dict:
    cfg = site.config
    words = Words(cfg.language)
    # The engine's templates print titles and these words as HTML: each is escaped once here
    # (`engine_text`), and dudao's own overrides print them as they are, like the engine's.
    nav = [{engine_text(page.nav_title): addresses.source_file(page.url)} for page in plan.nav]
    config = {
        "site_name": engine_text(cfg.site.title),
        "site_description": engine_text(cfg.site.description or cfg.site.title),
        "site_author": engine_text(cfg.site.authority),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": "overrides",
            "language": MKDOCS_LANGUAGE[cfg.language],
            # No web fonts: Google Fonts is blocked in mainland China and leaks visits.
            "font": False,
            "features": ["navigation.tabs", "navigation.top", "toc.follow"],
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
        },
        # Our own search (assets/search/, from the model) replaces the engine's: no plugins at all.
        "plugins": [],
        "nav": nav,
        "extra_css": [STYLESHEET],
        "markdown_extensions": ENGINE_MARKDOWN,
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "warn"},
                       "links": {"not_found": "warn", "absolute_links": "ignore", "unrecognized_links": "ignore"}},
        "extra": {
            "generator": False,
            "dudao": {key: engine_text(value) for key, value in {
                "authority": cfg.site.authority,
                "hotline": cfg.contact.hotline,
                "hotline_label": words("hotline"),
                "hotline_tel": tel_uri(cfg.contact.hotline),
                "site_code_label": words("site_code"),
                "finder_data": addresses.FINDER_DATA,
                "address": cfg.contact.address or "",
                "icp": cfg.footer.icp or "",
                "police_record": cfg.footer.police_record or "",
                "site_code": cfg.footer.site_code or "",
                "police_record_url": police_record_url(cfg.footer.police_record),
                "sponsor": cfg.footer.sponsor or cfg.site.authority,
                "sponsor_label": words("sponsor"),
                "organizer": cfg.footer.organizer or "",
                "organizer_label": words("organizer"),
                "error_report_url": cfg.footer.error_report_url or "",
                "error_report_label": words("error_report"),
                "conac_url": cfg.footer.conac_url or "",
                "conac_label": words("conac"),
                "site_map_url": addresses.site_map(),
                "site_map_label": words("site_map"),
                "privacy_url": addresses.record("page", "privacy"),
                "privacy_label": words("privacy"),
                "copyright_url": addresses.record("page", "copyright"),
                "copyright_label": words("copyright"),
                "a11y_url": addresses.record("page", "accessibility"),
                "a11y_label": words("a11y"),
                "contact_url": addresses.contact(),
                "contact_label": words("contact"),
                "glossary_url": addresses.glossary(),
                "glossary_label": words("glossary"),
                "not_found_title": words("not_found_title"),
                "not_found_text": words("not_found_text"),
                "back_home": words("back_home"),
                "search_label": words("search"),
                "search_url": addresses.search(),
                "search_placeholder": words("search_placeholder"),
                "search_results": words("search_results"),
                "large_text": words("large_text"),
                "high_contrast": words("high_contrast"),
            }.items()} | {
                # JSON for the browser script: `tojson` escapes it for the script element.
                "js_words": {key: words(word) for key, word in JS_WORDS.items()},
            },
        },
    }
    if cfg.site.url:
        config["site_url"] = cfg.site.url
    return config


def docs_folder(staging: Path) -> Path:
    """Where the staged pages go (`render` writes them there)."""
    return staging / "docs"


def stage(site: Site, plan: SitePlan, staging: Path, project_theme: Path, pages: tuple[RenderedPage, ...] = ()) -> Path:
    """Fill `staging` (around the pages already written to its docs folder, and `pages`) and
    return the path of its mkdocs.yml."""
    docs = docs_folder(staging)
    docs.mkdir(parents=True, exist_ok=True)
    for page in pages:
        write_page(docs, page)
    for sup_id, source in site.photos.items():
        _copy(source, docs / addresses.photo(sup_id, source.suffix))
    for name, source in site.attachments.items():
        _copy(source, docs / addresses.media_file(name))
    own_templates = copy_theme(staging / "overrides", project_theme)
    config = mkdocs_config(site, plan)
    config["extra"]["shared_parts"] = not own_templates  # read by `sharedparts`
    config_path = staging / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return config_path


def independent_pages(plan: SitePlan) -> tuple[str, ...]:
    """Staged sources of the pages outside the nav: each depends on its own text and the nav
    only, so the engine may build them in separate processes."""
    return tuple(addresses.source_file(page.url) for page in plan.pages if page.nav_title is None)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
