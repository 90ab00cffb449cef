"""How far rectifications went, for any group of them (a district, a zone, a 责任督学's schools,
a year), on a given day, each rate beside the office's target (`site_config.yml: targets`):

- 整改率: verified done ÷ all found;
- 按期整改率: done by the deadline first set ÷ those due, where an item is due once it is
  done or the deadline first set has passed. An item not yet due is counted apart, never as a
  failure; an extension (延期) keeps an item from being overdue, it does not make a late one
  on time; an item with no deadline is not judged for it.

The same function serves the pages, the open data and `/annual/`: one definition of each rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from ..caches.permodel import PerModel
from ..model.records import Config, Rectification
from ..sources.linking import Site


@dataclass(frozen=True)
class Rate:
    """A share with the office's target for it (both 0–1, or None)."""
    value: float | None
    target: float | None

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target


@dataclass(frozen=True)
class RectFigures:
    found: int
    rectified: int  # verified done
    due: int  # judged for 按期
    on_time: int  # done by the deadline first set
    not_yet_due: int  # not done, and the deadline first set has not passed
    overdue: int  # not done, past the deadline in force
    targets: tuple[float | None, float | None]  # 整改率's and 按期整改率's, 0–1

    @property
    def rate(self) -> Rate:
        return Rate(self.rectified / self.found if self.found else None, self.targets[0])

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time / self.due if self.due else None, self.targets[1])


def targets(config: Config) -> tuple[float | None, float | None]:
    per_cent = (config.targets.rectification_rate, config.targets.on_time_rate)
    return tuple(None if x is None else x / 100 for x in per_cent)  # type: ignore[return-value]


def of(rects, on: dt.date, config: Config) -> RectFigures:
    """`rects`: the rectifications counted; `on`: the day they are judged on."""
    found = rectified = due = on_time = not_yet_due = overdue = 0
    for rect in rects:
        rect: Rectification
        found += 1
        done = rect.status == "done"
        rectified += done
        if rect.is_due(on):
            due += 1
            on_time += rect.is_on_time(on)
        elif not done and rect.deadline is not None:
            not_yet_due += 1
        overdue += rect.is_overdue(on)
    return RectFigures(found, rectified, due, on_time, not_yet_due, overdue, targets(config))


# What a group's figures sum from its schools': every count (the targets are the office's).
COUNTS = tuple(f.name for f in fields(RectFigures) if f.name != "targets")

# Each school's figures, worked out once per model: every zone's and every 责任督学's figures
# add up their schools', on the dashboard, on their pages and in the open data.
_SCHOOLS = PerModel()  # school id → its figures


def _of_school(site: Site, school) -> RectFigures:
    known = _SCHOOLS.of(site)
    figures = known.get(school.id)
    if figures is None:
        figures = known[school.id] = of((x for _, x in site.rectifications_of_school(school)), site.build_date,
                                        site.config)
    return figures


def of_schools(site: Site, schools) -> RectFigures:
    """The rectifications that belong to these schools, judged on the build date: a zone's
    (`site.schools_of_zone`), a 责任督学's (`site.schools_answered_by`). Every count is a sum
    over the schools, so each school's are worked out once."""
    parts = [_of_school(site, school) for school in schools]
    return RectFigures(*(sum(getattr(part, name) for part in parts) for name in COUNTS), targets(site.config))
