"""How a parent raises a concern about a school, with no server: the numbers to call, an
e-mail already addressed and titled, the 12345 hotline, the office's message board and its
QR code. Computed once per school for its page (and once for the whole site's QR)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from ..sources.linking import Site
from .signs import drawn
from ..model.records import School


@dataclass(frozen=True)
class Concern:
    mailto: str | None  # mailto: the office, subject and a short form filled in
    message_qr: Markup | None  # the message board's address as a QR code (inline SVG)


def mailto(site: Site, school: School) -> str | None:
    email = site.config.contact.email
    if not email:
        return None
    # Every part percent-encoded: a name with & ? # or quotes cannot add a header or end the link.
    subject = f"关于{school.name}的意见和建议"
    body = f"学校：{school.name}\n反映的问题：\n\n联系方式（可不填）：\n"
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def message_qr(site: Site) -> Markup | None:
    url = site.config.contact.message_url
    if not url:
        return None
    def draw() -> str:
        import segno  # here: the drawing is kept between builds, and its import is on the path of every build

        return segno.make(url, error="m", micro=False).svg_inline(
            scale=3, border=2, dark="#000", light="#fff", omitsize=True, title=url, svgclass="dd-qr dd-qr--message")

    return Markup(drawn("message", url, draw))


def of_school(site: Site, school: School, qr: Markup | None) -> Concern:
    return Concern(mailto(site, school), qr)
