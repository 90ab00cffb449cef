"""Phase 5, render: every planned page to Markdown text, in memory.

Templates run in strict mode (an unknown name is an error, never a blank) with
HTML autoescaping: record text is escaped wherever it appears. Record Markdown
(bios, narratives, free pages) is rendered here and sanitised with nh3, so no
script or style a clerk pastes reaches a visitor; site-absolute links in it
(`/schools/x/`) become relative, so the site works under any sub-path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import markdown as md_lib
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape as markup_escape

from ..model import addresses, escaping, glossary
from ..caches import textmemo
from ..model.glossary import Glossed
from ..model.records import Config
from ..views import signs
from ..caches.bytecode import KeptTemplates
from ..caches.forking import fork_context, frozen, shared_out
from ..caches.pagecache import PageCache
from ..caches import fingerprint
from . import linebreaks
from .rendercache import RenderCache, Unreusable, forget_digests, page_inputs
from ..model.i18n import Words
from ..sources.linking import Site
from . import contexts
from .planning import PlannedPage, SitePlan


@dataclass(frozen=True)
class RenderedPage:
    url: str
    source: str  # staged Markdown path under docs/
    text: str


_EXTENSION = re.compile(r"转|ext\.?|x", re.IGNORECASE)


def tel_uri(phone: str) -> str:
    """`0512-60001234转801` → `tel:051260001234,801` (a comma waits, then dials the extension)."""
    parts = _EXTENSION.split(phone, maxsplit=1)
    main, ext = parts[0], (parts[1] if len(parts) > 1 else "")
    digits = ("+" if main.strip().startswith("+") else "") + re.sub(r"\D", "", main)
    ext_digits = re.sub(r"\D", "", ext)
    return f"tel:{digits},{ext_digits}" if ext_digits else f"tel:{digits}"


_HEADING = re.compile(r"<(/?)h([1-6])\b")
# One converter, reset between texts: making a new one per call cost seconds at district scale.
_MARKDOWN = md_lib.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


# Text that is sentences and nothing else: none of the characters Markdown or HTML give a
# meaning, and no space but single spaces between words (indents, trailing spaces, tabs and
# the ideographic space mean something, or are trimmed). Most findings are such text.
_WORD = r"[^\s\\`*_{}\[\]()<>#+\-.!|&~=:\"'/]+"
_LINE = rf"{_WORD}(?: {_WORD})*"
# Lines of words, paragraphs apart; each part of it can be read one way only (linear time).
_PLAIN_LINES = re.compile(rf"{_LINE}(?:\n+{_LINE})*")


def plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is paragraphs of plain sentences (computed
    without it: a third of a report page's rendering went to converting such text); None
    when it is anything else."""
    trimmed = text.strip("\n")
    if not _PLAIN_LINES.fullmatch(trimmed):
        return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in re.split(r"\n{2,}", trimmed))


# Characters of Chinese, Japanese and Korean writing, their punctuation and full-width forms.
CJK = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u33ff\u3400-\u4dbf"
       "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef")
_CJK_BREAK = re.compile(rf"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")
_FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.M | re.S)


def join_cjk_lines(text: str) -> str:
    """A line break inside a paragraph, between two characters of Chinese writing (or its
    punctuation), taken out: Chinese puts no space between words, but Markdown makes such a
    break a space ("现予通报。 请该校"), as CommonMark's CJK-friendly extension also avoids. A
    hard break (two spaces or a backslash before it) and a fenced code block keep their lines."""
    if "\n" not in text:
        return text
    kept, last = [], 0
    for fence in _FENCED.finditer(text):
        kept += [_CJK_BREAK.sub("", text[last:fence.start()]), fence.group(0)]
        last = fence.end()
    kept.append(_CJK_BREAK.sub("", text[last:]))
    return "".join(kept)


def render_markdown(text: str | None, page_url: str) -> Markup:
    """Record Markdown → sanitised HTML, headings moved below the page's own (h1→h3)."""
    if not text or not text.strip():
        return Markup("")
    text = join_cjk_lines(text)
    plain = plain_paragraphs(text)
    if plain is not None:
        return Markup(plain)
    html = _MARKDOWN.reset().convert(text)
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)

    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            path = value.lstrip("/")
            return addresses.href(page_url, path)
        return value

    clean = nh3.clean(html, attribute_filter=keep, link_rel="noopener noreferrer")
    return Markup(clean)


def compiled_templates(folder: Path) -> KeptTemplates:
    """Jinja's bytecode cache for dudao's templates, in a folder of `folder` named by dudao's
    code (Jinja knows a template's text, not the options it was compiled with): each render
    worker of a build compiled the templates it used again, on the path of a one-edit build.
    The folders of other versions are removed."""
    own = folder / fingerprint.code()[:16]
    if not own.is_dir():
        if folder.is_dir():
            for other in folder.iterdir():
                shutil.rmtree(other, ignore_errors=True)
        own.mkdir(parents=True, exist_ok=True)
    return KeptTemplates(str(own))


def _shown(value) -> Markup:
    """A value as `{{ value }}` shows it: `escaping.finalize`, then Jinja's autoescape."""
    return markup_escape(escaping.finalize(value))


class Pieces:
    """The pieces a list shows on each of its rows, written here as a template macro would
    write them, character for character: a macro call costs Jinja ten times a function call,
    and a year's list of reports makes thousands of them. Made for each page, bound to its
    links, words and glossary (`given`): a plain call. A function that asks Jinja for the
    template's context (`pass_context`) is given a new one at each call inside a loop, which
    was most of the time of a long list."""

    NAMES = ("to", "refs", "date", "term", "kind_term", "rect_status", "rect_extras")

    def __init__(self, link: Callable[[str], str], t: Words):
        self.link, self.t = link, t
        self.glossed = Glossed()  # each glossary term is linked where it first appears on the page

    def given(self) -> dict[str, Callable]:
        """The pieces by the names templates call them."""
        return {name: getattr(self, name) for name in self.NAMES}

    def to(self, record, text=None) -> Markup:
        named = text is None and hasattr(record, "name")  # a school's, a person's or a zone's name
        shown = text if text is not None else (record.name if named else record.title)
        href = _shown(self.link(addresses.of(record)))
        if named:  # broken between words, never within (`linebreaks`, `dudao.css`)
            return Markup(f'<a class="dd-name" href="{href}">{linebreaks.heading(shown)}</a>')
        return Markup(f'<a href="{href}">{_shown(shown)}</a>')

    def refs(self, records) -> Markup:
        return Markup("、").join(self.to(record) for record in records)

    def date(self, day) -> Markup:
        if not day:
            return Markup("")
        return Markup(f'<time datetime="{_shown(day.isoformat())}">{_shown(self.t.date(day))}</time>')

    def term(self, key, text) -> Markup:
        if self.glossed.first(key):
            return Markup(f'<a class="dd-term" href="{_shown(self.link(addresses.glossary(key)))}">{_shown(text)}</a>')
        return _shown(text)

    def kind_term(self, family, kind) -> Markup:
        return self.term(glossary.KIND_TERMS.get(kind), self.t.label(family, kind))

    def rect_status(self, rect, overdue: bool) -> Markup:
        t = self.t
        shown = Markup(f'<span class="dd-status dd-status--{_shown(rect.status)}">'
                       f'{_shown(t.label("rect_status", rect.status))}</span>')
        if overdue:
            shown += Markup(f' <span class="dd-status dd-status--overdue">{_shown(t("overdue"))}</span>')
        return shown

    def rect_extras(self, rect, later, moved=()) -> Markup:
        t, link = self.t, self.link
        shown = Markup("")
        for step in moved:  # 原期限 → 新期限, with the notice or report that set it
            line = Markup(f'<br><span class="dd-extended">{_shown(t("rect_extended"))}：'
                          f'{self.date(step.before)} → {self.date(step.after)}')
            if step.source is not None:
                line += Markup(f'（{_shown(t("rect_extended_by"))} {self.to(step.source)}）')
            if step.reason:
                line += Markup(f' {_shown(step.reason)}')
            shown += line + Markup('</span>')
        if later:
            shown += Markup(f'<br><span class="dd-followup">{self.term("followup", t("followup"))}：'
                            f'{self.to(later)}</span>')
        if rect.attachments:
            files = Markup("、").join(Markup(f'<a href="{_shown(link(addresses.media(a.file)))}" download>'
                                             f'{_shown(a.title or a.file)}</a>') for a in rect.attachments)
            shown += Markup(f'<br><span class="dd-rect-files">{_shown(t("rect_files"))}：{files}</span>')
        return shown


def make_environment(compiled: Path | None = None) -> Environment:
    """`compiled`: where the compiled templates are kept between builds (`compiled_templates`)."""
    env = Environment(
        bytecode_cache=compiled_templates(compiled) if compiled is not None else None,
        loader=PackageLoader("generator.pages", "templates"),
        # Templates do not change during a build: no file check each time one is used.
        auto_reload=False,
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every `{{ … }}` that is not markup already is made inert for HTML and Markdown alike.
        finalize=escaping.finalize,
    )
    env.filters["tel"] = tel_uri
    env.filters["media"] = addresses.media  # an attachment's file → its address
    env.filters["words"] = linebreaks.heading  # a large line broken between words only (class dd-words)
    # A front-matter value for the engine: its templates print it as HTML; ASCII-only JSON is
    # also a YAML string that any character survives.
    env.filters["front_matter"] = lambda value: Markup(json.dumps(escaping.engine_text(value)))
    # What templates are given besides their page's context and its pieces (`Pieces`): the
    # addresses of the site's own pages. No model, no domain module: a template only displays.
    env.globals["at"] = contexts.PLACES

    @pass_context
    def markdown_filter(ctx, text):
        return render_markdown(text, ctx["page"].url)

    env.filters["markdown"] = markdown_filter
    return env


def render_page(env: Environment, page: PlannedPage, context, config: Config) -> RenderedPage:
    """`context`: the page's whole context (`contexts.of`)."""
    template = env.get_template(page.template)
    words, link = Words(config.language), partial(addresses.href, page.url)
    text = template.render(page=page, cfg=config, t=words, link=link, **Pieces(link, words).given(), **context)
    return RenderedPage(page.url, addresses.source_file(page.url), linebreaks.in_headings(text))


# Below this many pages a second process costs more than it saves.
MIN_PAGES_PER_PROCESS = 400


@dataclass(frozen=True)
class RenderRun:
    held: dict[str, str]  # pages not written, because the engine's cache holds them: source → key
    rendered: int  # pages rendered (the others were known from the last build)


def write_page(docs: Path, page: RenderedPage) -> None:
    target = docs / page.source
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.text, encoding="utf-8")


# Pages are looked over, then rendered, this many at a time as each worker is free. The pages
# to render are handed out in smaller tasks when they are few: a few pages (a year's list of
# reports, a zone's rectifications) take as long as thousands of others, and one worker
# rendering them one after another while the other waits made a one-edit build's render phase
# half as long again.
PAGES_PER_TASK = 16
PAGES_PER_LOOK = 64
TASKS_PER_WORKER = 8
# A page to render whose inputs digest is not worked out yet (the render cache knows no page).
_LATER = ...


class _Work:
    """What the render phase works from. Each process makes its own environment (a worker
    makes it after it is forked)."""

    def __init__(self, plan: SitePlan, site: Site, docs: Path, held: PageCache | None, known: RenderCache | None,
                 compiled: Path | None):
        self.plan, self.site, self.docs, self.held, self.known, self.compiled = plan, site, docs, held, known, compiled
        self.words = Words(site.config.language)
        self._env: Environment | None = None
        self.reusing = held is not None and known is not None  # a page's inputs are worked out

    @property
    def env(self) -> Environment:
        if self._env is None:
            self._env = make_environment(self.compiled)
        return self._env

    def context(self, page: PlannedPage):
        return contexts.of(page, self.site, self.words)

    def look_over(self, first: int, last: int) -> tuple[list[int], list[tuple[int, str | None]]]:
        """Of the pages `first` to `last`: those whose Markdown the last build made from the
        same fields and context, and whose HTML the engine's cache holds (not rendered, not
        even written: the engine places the cache's page; a page of the nav is given to it as
        an empty stand-in, its title being in the configuration); and the others, to render,
        each with its inputs digest (None: it cannot be reused)."""
        unchanged: list[int] = []
        to_render: list[tuple[int, str | None]] = []
        for index in range(first, min(last, len(self.plan.pages))):
            page = self.plan.pages[index]
            try:
                inputs = page_inputs(page, self.context(page))
            except Unreusable:
                to_render.append((index, None))
                continue
            key = self.known.known_key(page.url, inputs)
            if key is not None and self.held.entry(key) is not None:
                unchanged.append(index)
            else:
                to_render.append((index, inputs))
        return unchanged, to_render

    def render(self, to_render) -> tuple[list[tuple[str, str]], int, dict[str, list]]:
        """Each page of `to_render` (index, inputs digest) rendered, and written unless the
        engine's cache holds its HTML. Returns those pages (source, key), how many were
        rendered, and the render cache's entries of the pages."""
        found: list[tuple[str, str]] = []
        entries: dict[str, list] = {}
        held, config, plan = self.held, self.site.config, self.plan
        for index, inputs in to_render:
            page = plan.pages[index]
            context = self.context(page)
            if inputs is _LATER:
                try:
                    inputs = page_inputs(page, context) if self.reusing else None
                except Unreusable:
                    inputs = None
            made = render_page(self.env, page, context, config)
            text = made.text.encode("utf-8")
            key = held.key(made.source, text) if held is not None else None
            if inputs is not None:
                entries[page.url] = [inputs, key]
            if held is not None and held.entry(key) is not None:
                found.append((made.source, key))
            else:
                write_page(self.docs, made)
        return found, len(to_render), entries


def _made_if_forked(build: int) -> dict[str, dict[str, str]]:
    """The pinyin and drawings a forked worker made, for the build's process (`build`) to keep;
    nothing in the build's own process, whose memos hold its own already."""
    return textmemo.take_fresh() if os.getpid() != build else {}


def _render_share(work: _Work):
    build = os.getpid()

    def render_share(to_render):
        return (*work.render(to_render), _made_if_forked(build))
    return render_share


# Codes drawn at a time as each process is free (a few milliseconds each).
CODES_PER_TASK = 50


def draw_codes(codes: tuple, jobs: int, context) -> None:
    """Each QR code drawn for its pages and for its SVG sign (`views.signs.SignCode`), the
    drawings shared among `jobs` processes and learnt by this one: the render workers forked
    after it inherit them, and the exports take the signs' from it. Codes whose drawings are
    known already (kept by earlier builds) are left as they are."""
    build = os.getpid()

    def draw(share):
        for sign in share:
            sign.inline, sign.drawing  # noqa: B018 - made and kept
        return _made_if_forked(build)

    codes = tuple(code for code in codes if not signs.is_drawn(code.address))  # kept by earlier builds
    tasks = [codes[first:first + CODES_PER_TASK] for first in range(0, len(codes), CODES_PER_TASK)]
    with frozen():
        for drawn in shared_out(tasks, draw, jobs if len(codes) >= CODES_PER_TASK * 2 else 1, context):
            textmemo.learn_all(drawn)


def render_pages(site: Site, pages) -> tuple[RenderedPage, ...]:
    env, words = make_environment(), Words(site.config.language)
    return tuple(render_page(env, page, contexts.of(page, site, words), site.config) for page in pages)


def render(plan: SitePlan, site: Site, docs: Path, jobs: int = 1, held: PageCache | None = None,
           known: RenderCache | None = None, compiled: Path | None = None) -> RenderRun:
    """Every page's Markdown, written under `docs` as it is made: no process holds more than
    one page's text (a city's pages held at once took too much memory). With `jobs` > 1, and
    where processes can be forked, the pages are shared among workers that inherit the
    read-only model; same files. With the engine's cache (`held`), a page
    whose HTML the cache holds is not written; with the render cache (`known`), such a page
    is not rendered either when nothing it read has changed. `compiled`: where compiled
    templates are kept (`compiled_templates`)."""
    jobs = max(1, min(jobs, len(plan.pages) // MIN_PAGES_PER_PROCESS))
    if known is not None and not known.prepared:
        known.prepare()
    context = fork_context() if jobs > 1 else None
    if known is None or not known.entries:
        # Every page will be rendered: the signs' QR codes are drawn first, once, shared among
        # the workers, rather than by each worker that shows one and again for the SVG signs.
        draw_codes(tuple(plan.sign_codes.values()), jobs, context)
    work = _Work(plan, site, docs, held, known, compiled)
    looking = work.reusing and bool(known.entries)
    # Without the last build's entries, every page is rendered, its inputs worked out then.
    every_page = [] if looking else [(index, _LATER) for index in range(len(plan.pages))]
    # The model's objects are left alone by the workers' garbage collector, so their memory
    # pages stay shared with this process instead of being copied into each worker.
    try:
        with frozen():
            unchanged, to_render = [], every_page
            if looking:
                spans = [(first, first + PAGES_PER_LOOK) for first in range(0, len(plan.pages), PAGES_PER_LOOK)]
                for same, other in shared_out(spans, lambda span: work.look_over(*span), jobs, context):
                    unchanged += same
                    to_render += other
                to_render.sort(key=lambda item: item[0])
            size = max(1, min(PAGES_PER_TASK, len(to_render) // (jobs * TASKS_PER_WORKER)))
            tasks = [to_render[first:first + size] for first in range(0, len(to_render), size)]
            found, rendered, entries = [], 0, {}
            for share, count, kept, texts in shared_out(tasks, _render_share(work), jobs, context):
                found += share
                rendered += count
                entries.update(kept)
                textmemo.learn_all(texts)
    finally:
        forget_digests()
    for index in unchanged:  # known to the render cache: its entry, and the engine's key in it
        url = plan.pages[index].url
        entries[url] = known.entries[url]
        found.append((addresses.source_file(url), known.entries[url][1]))
    if known is not None:
        known.save(entries)  # the pages of this plan only: a page no longer planned is forgotten
    return RenderRun(dict(found), rendered)
