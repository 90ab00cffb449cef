"""schema.org JSON-LD for school, supervisor and report pages, from the model."""

from __future__ import annotations

from markupsafe import Markup

from ..model import addresses
from ..model.escaping import script_json
from ..sources.linking import Site
from ..model.records import Report, School, Supervisor

SCHOOL_TYPES = {"kindergarten": "Preschool", "primary": "ElementarySchool", "junior": "MiddleSchool",
                "senior": "HighSchool", "complete_secondary": "HighSchool"}


def _url(site: Site, record) -> str | None:
    return addresses.absolute(site.config.site.url, addresses.of(record))


def _publisher(site: Site) -> dict:
    return {"@type": "GovernmentOrganization", "name": site.config.site.authority,
            "telephone": site.config.contact.hotline}


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def of(site: Site, record) -> dict:
    if isinstance(record, School):
        sup = site.primary_supervisor(record)
        data = {"@type": SCHOOL_TYPES.get(record.type, "School"), "name": record.name,
                "alternateName": list(record.aliases), "identifier": record.code, "telephone": record.phone,
                "address": record.address, "url": _url(site, record), "sameAs": record.website,
                "geo": {"@type": "GeoCoordinates", "latitude": record.location.lat,
                        "longitude": record.location.lon} if record.location else None,
                "employee": None if sup is None else {"@type": "Person", "name": sup.name,
                                                      "jobTitle": "责任督学", "telephone": sup.phone}}
    elif isinstance(record, Supervisor):
        data = {"@type": "Person", "name": record.name, "jobTitle": record.role or "责任督学",
                "telephone": record.phone, "email": record.email, "url": _url(site, record),
                "worksFor": _publisher(site)}
    elif isinstance(record, Report):
        data = {"@type": "Report", "name": record.title, "url": _url(site, record),
                "datePublished": record.published.isoformat() if record.published else None,
                "dateCreated": record.visited.isoformat(), "genre": record.kind,
                "about": [{"@type": "School", "name": s.name, "url": _url(site, s)}
                          for s in site.all_of(record.schools, "school")],
                "author": [{"@type": "Person", "name": s.name} for s in site.all_of(record.supervisors, "supervisor")],
                "publisher": _publisher(site), "inLanguage": site.config.language,
                "creativeWorkStatus": "Withdrawn" if record.is_withdrawn else "Published"}
    else:
        return {}
    return _clean({"@context": "https://schema.org", **data})


def script(site: Site, record) -> Markup:
    data = of(site, record)
    if not data:
        return Markup("")
    return Markup('<script type="application/ld+json">') + script_json(data) + Markup("</script>")
