"""schema.org JSON-LD for school, supervisor and report pages, from the model."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..caches.permodel import PerModel
from ..model import addresses
from ..model.escaping import script_json
from ..sources.linking import Site
from ..model.records import Config, Record, Report, School, Supervisor
from .rows import ReportRow, report_rows

SCHOOL_TYPES = {"kindergarten": "Preschool", "primary": "ElementarySchool", "junior": "MiddleSchool",
                "senior": "HighSchool", "complete_secondary": "HighSchool"}


@dataclass(frozen=True)
class Office:
    """What of the configuration the JSON-LD says."""
    url: str | None  # the site's address, when set
    authority: str
    hotline: str
    language: str

    @classmethod
    def of(cls, config: Config) -> "Office":
        known = _OFFICES.of(config)  # one per configuration: pages share it
        if "office" not in known:
            known["office"] = cls(config.site.url, config.site.authority, config.contact.hotline, config.language)
        return known["office"]


_OFFICES = PerModel()


def _url(office: Office, record) -> str | None:
    return addresses.absolute(office.url, addresses.of(record))


def _publisher(office: Office) -> dict:
    return {"@type": "GovernmentOrganization", "name": office.authority, "telephone": office.hotline}


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


@dataclass(frozen=True)
class Script:
    """A page's JSON-LD, as the values it is written from: the record, the records it names
    (a school's 责任督学; a report's schools and supervisors) and the configuration. Written
    out when the page shows it (`__html__`), so that a page whose values are unchanged is
    known without writing it."""
    record: Record
    office: Office
    primary: Supervisor | None = None  # a school's 责任督学
    about: ReportRow | None = None  # a report's schools and supervisors

    def data(self) -> dict:
        record, office = self.record, self.office
        if isinstance(record, School):
            sup = self.primary
            data = {"@type": SCHOOL_TYPES.get(record.type, "School"), "name": record.name,
                    "alternateName": list(record.aliases), "identifier": record.code, "telephone": record.phone,
                    "address": record.address, "url": _url(office, record), "sameAs": record.website,
                    "geo": {"@type": "GeoCoordinates", "latitude": record.location.lat,
                            "longitude": record.location.lon} if record.location else None,
                    "employee": None if sup is None else {"@type": "Person", "name": sup.name,
                                                          "jobTitle": "责任督学", "telephone": sup.phone}}
        elif isinstance(record, Supervisor):
            data = {"@type": "Person", "name": record.name, "jobTitle": record.role or "责任督学",
                    "telephone": record.phone, "email": record.email, "url": _url(office, record),
                    "worksFor": _publisher(office)}
        elif isinstance(record, Report):
            data = {"@type": "Report", "name": record.title, "url": _url(office, record),
                    "datePublished": record.published.isoformat() if record.published else None,
                    "dateCreated": record.visited.isoformat(), "genre": record.kind,
                    "about": [{"@type": "School", "name": s.name, "url": _url(office, s)} for s in self.about.schools],
                    "author": [{"@type": "Person", "name": s.name} for s in self.about.supervisors],
                    "publisher": _publisher(office), "inLanguage": office.language,
                    "creativeWorkStatus": "Withdrawn" if record.is_withdrawn else "Published"}
        else:
            return {}
        return _clean({"@context": "https://schema.org", **data})

    def __html__(self) -> str:
        data = self.data()
        if not data:
            return ""
        return Markup('<script type="application/ld+json">') + script_json(data) + Markup("</script>")


def script(site: Site, record) -> Script:
    """The JSON-LD of a record's page."""
    office = Office.of(site.config)
    if isinstance(record, School):
        return Script(record, office, primary=site.primary_supervisor(record))
    if isinstance(record, Report):
        return Script(record, office, about=report_rows(site, (record,))[0])
    return Script(record, office)


def of(site: Site, record) -> dict:
    return script(site, record).data()
