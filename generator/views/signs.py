"""Signs (公示牌): a printable page and a self-contained SVG per school, with a QR code
(segno) that opens the school's permanent address.

A sign is out of date when the school's 责任督学 changed after it was last printed: the
supervisor's term (`since`) began after the school's `sign_printed`, or the supervisor has
left. Without `sign_printed` the sign has never been printed.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from markupsafe import Markup

from ..model import addresses
from ..caches import fingerprint
from ..model.i18n import Words
from ..sources.linking import Site
from ..model.records import School
from ..caches.textmemo import TextMemo

def target(site: Site, school: School) -> str:
    """What the QR code opens: the school's permanent address, absolute when `site.url` is set."""
    return addresses.absolute(site.config.site.url, addresses.of(school)) or "/" + addresses.of(school)


# Each code's drawings by address, kept between builds (`PROJECT/.dudao-cache/qr.json`): a code
# takes a millisecond or two to make and draw, and a district's signs are all drawn again by
# every build's exports; their addresses rarely change.
DRAWINGS = TextMemo(fingerprint.code, "qr.json")


def _key(kind: str, address: str) -> str:
    return f"{kind}\0{address}"


def drawn(kind: str, address: str, draw) -> str:
    return DRAWINGS.get(_key(kind, address), draw)


def is_drawn(address: str) -> bool:
    """Whether both drawings of the code for `address` are known (kept, or drawn already)."""
    return _key("page", address) in DRAWINGS.known and _key("sign", address) in DRAWINGS.known


@dataclass(frozen=True)
class SignCode:
    """A school's QR code: shown on its sign's pages and drawn into its SVG sign. Made when
    first asked for, once per process (a few milliseconds each: a check, which never draws
    one, or a build whose sign pages are unchanged, does not make them at all), and its
    drawings kept between builds. Its digest, for the render cache, is its address."""
    address: str

    @cached_property
    def code(self):
        import segno  # here: most builds draw no code (the drawings are kept), and its import is on the path of every build

        return segno.make(self.address, error="m", micro=False)

    @cached_property
    def inline(self) -> Markup:
        """The code as inline SVG for a page, with its address as a text equivalent."""
        return Markup(drawn("page", self.address, lambda: self.code.svg_inline(
            scale=4, border=4, dark="#000", light="#fff", omitsize=True, title=self.address, svgclass="dd-qr")))

    @cached_property
    def drawing(self) -> str:
        """The code as segno's own vector drawing (one path) for the SVG sign: no hairlines
        between modules for a scanner to trip on."""
        return drawn("sign", self.address, lambda: self.code.svg_inline(
            scale=1, border=4, omitsize=True, dark="#000", light="#fff"))

    def __html__(self) -> str:
        return self.inline


def codes(site: Site) -> Mapping[str, SignCode]:
    """The QR code of every open school's sign, by school."""
    return MappingProxyType({school.id: SignCode(target(site, school))
                             for school in sorted(site.schools.values(), key=lambda s: s.id) if not school.is_closed})


def state(site: Site, school: School) -> str:
    sup = site.primary_supervisor(school)
    if school.sign_printed is None:
        return "never"
    if sup is None or site.is_former(sup) or (sup.since is not None and sup.since > school.sign_printed):
        return "outdated"
    return "current"


def _photo_data(site: Site, supervisor_id: str) -> str | None:
    path = site.photos.get(supervisor_id)
    if path is None:
        return None
    kind = mimetypes.guess_type(path.name)[0] or "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def svg(site: Site, school: School, sign: SignCode) -> str:
    """A self-contained A4 sign (210 × 297 mm): print shops need one file, photo included."""
    from xml.sax.saxutils import escape  # here: it imports urllib.request, on the path of every build
    t = Words(site.config.language)
    cfg = site.config
    sup = site.primary_supervisor(school)
    qr_inline = sign.drawing
    lines = []

    def text(x, y, content, size_mm, weight="normal", anchor="start"):
        lines.append(f'<text x="{x}" y="{y}" font-size="{size_mm}" font-weight="{weight}" '
                     f'text-anchor="{anchor}">{escape(content)}</text>')

    text(105, 28, t("sign_heading"), 11, "bold", "middle")
    text(105, 44, school.name, 9, "bold", "middle")
    y = 62
    photo = _photo_data(site, sup.id) if sup else None
    if photo:
        lines.append(f'<image x="20" y="{y}" width="45" height="60" href="{photo}" preserveAspectRatio="xMidYMid slice"/>')
    if sup:
        text(75, y + 10, t("responsible_supervisor"), 6)
        text(75, y + 24, sup.name, 10, "bold")
        text(75, y + 38, f"{t('phone')}：{sup.phone}", 7)
        if sup.role:
            text(75, y + 50, sup.role, 6)
    y += 75
    text(20, y, t("duties"), 6.5, "bold")
    for i, duty in enumerate(cfg.duties):
        text(20, y + 9 + i * 8, f"{i + 1}. {duty}", 5)
    y += 12 + len(cfg.duties) * 8
    text(20, y, f"{t('hotline')}：{cfg.contact.hotline}", 7, "bold")
    for i, channel in enumerate(cfg.contact.others):
        text(20, y + 9 + i * 7, f"{channel.label}：{channel.phone or channel.url or ''}", 5)
    lines.append(qr_inline.replace("<svg ", f'<svg x="130" y="{y + 22}" width="60" height="60" ', 1))
    text(160, y + 88, t("sign_scan"), 4.5, anchor="middle")
    # What the supervisor checks, left of the QR code, in the room above the foot of the sign.
    y += 16 + len(cfg.contact.others) * 7
    room = (272 - y - 8) // 5
    if room > 0:
        text(20, y, t("checklist"), 5.5, "bold")
        for i, item in enumerate(cfg.checklist[:room]):
            text(20, y + 7 + i * 5, f"{i + 1}. {item.name[:22]}", 4)
    if school.sign_no:
        text(20, 280, f"{t('sign_no')}：{school.sign_no}", 5)
    text(190, 280, cfg.site.authority, 5, anchor="end")
    body = "\n".join(lines)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" '
            f'role="img" aria-labelledby="t d" font-family="sans-serif" fill="#111">\n'
            f'<title id="t">{escape(t("sign_heading"))} · {escape(school.name)}</title>\n'
            f'<desc id="d">{escape(t("responsible_supervisor"))} {escape(sup.name if sup else "")} '
            f'{escape(sup.phone if sup else "")}; {escape(target(site, school))}</desc>\n'
            f'<rect width="210" height="297" fill="#fff"/>\n'
            f'<rect x="6" y="6" width="198" height="285" fill="none" stroke="#b71c1c" stroke-width="2"/>\n'
            f'{body}\n</svg>\n')


def files(site: Site, made: Mapping[str, SignCode]) -> dict[str, str]:
    return {addresses.sign_svg(school_id): svg(site, site.schools[school_id], sign)
            for school_id, sign in made.items()}

