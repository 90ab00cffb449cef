"""The work schedule (工作安排表), planned against done: each month's activities with their state
on the build date, computed once for the schedule page, the dashboard and open data.

An activity is done when a report it names is public (withdrawn reports count: the work was
done); otherwise it is missed once its month is over, and planned until then. A regular
activity (经常性督导) that names no report is the month's round of visits: done when every
open school of its scope (its schools, else its zone's, else all) had a regular visit that
month, and it shows how many did. The office's other work (例会, training, collecting
requests, 考核: `HELD_KINDS`) is done once held (`held`, on or before the build date).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.linking import Site
from ..model.records import HELD_KINDS, Activity, Report, School, Zone


@dataclass(frozen=True)
class ActivityState:
    activity: Activity
    state: str
    reports: tuple[Report, ...]
    schools: tuple[School, ...]
    zone: Zone | None
    visited: int | None = None  # a round of regular visits: schools visited …
    scope: int | None = None  # … of the schools it covers
    supervisors: tuple = ()  # the supervisors it names
    everyone: str = "all_schools"  # the word for its scope when it names no school, zone or supervisor


@dataclass(frozen=True)
class MonthPlan:
    schedule_id: str
    month: str
    title: str | None
    rows: tuple[ActivityState, ...]

    @property
    def planned(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.state == "done")

    @property
    def missed(self) -> int:
        return sum(1 for row in self.rows if row.state == "missed")


def compute(site: Site) -> tuple[MonthPlan, ...]:
    """Every month with a schedule, newest first."""
    this_month = site.build_date.strftime("%Y-%m")
    visited_in = _visited_by_month(site)
    months = []
    for schedule in sorted(site.schedules.values(), key=lambda s: (s.month, s.id), reverse=True):
        rows = []
        for activity in schedule.activities:
            reports = site.all_of(activity.reports, "report")
            over = schedule.month < this_month
            schools = site.all_of(activity.schools, "school")
            zone = site.zone(activity.zone)
            if activity.kind == "regular" and not activity.reports:
                scope = [s for s in (schools or (site.schools_of_zone(zone) if zone else site.schools.values()))
                         if not s.is_closed]
                visited = len(visited_in.get(schedule.month, set()) & {s.id for s in scope})
                state = "done" if scope and visited == len(scope) else ("missed" if over else "planned")
                rows.append(ActivityState(activity, state, (), schools, zone, visited, len(scope)))
                continue
            held = activity.kind in HELD_KINDS and activity.held is not None and activity.held <= site.build_date
            state = "done" if reports or held else ("missed" if over else "planned")
            everyone = "all_supervisors" if activity.kind in ("meeting", "training", "assessment") else "all_schools"
            rows.append(ActivityState(activity, state, reports, schools, zone,
                                      supervisors=site.all_of(activity.supervisors, "supervisor"), everyone=everyone))
        months.append(MonthPlan(schedule.id, schedule.month, schedule.title, tuple(rows)))
    return tuple(months)


def _visited_by_month(site: Site) -> dict[str, set[str]]:
    """The schools that had a regular visit, by month (read once, not once per activity)."""
    seen: dict[str, set[str]] = {}
    for report in site.reports.values():
        if report.kind == "regular" and not report.is_withdrawn:
            seen.setdefault(report.visited.strftime("%Y-%m"), set()).update(str(s) for s in report.schools)
    return seen
