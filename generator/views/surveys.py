"""Satisfaction surveys (满意度测评) as their pages and the open data show them: for each result
(a school, a zone, or the district) and each question, the share who chose each option and the
share satisfied (the first `satisfied` options), published only where at least
`survey_min_answers` took part; the district's result is its own where the survey gives one,
else the results shown added up (with one too small to show among them, the district's less
the others' would be that one). A question asked again (the same id, the same respondents) is
compared year against year from the district's results.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..caches.permodel import PerModel
from ..model.records import Question, School, Survey, SurveyResult, Zone
from ..sources.linking import Site


@dataclass(frozen=True)
class Shares:
    question: Question
    counts: tuple[int, ...]  # how many chose each option
    options: tuple[float, ...] | None  # each option's share, None where too few answered
    satisfied: float | None


@dataclass(frozen=True)
class ResultRow:
    school: School | None
    zone: Zone | None
    answered: int
    shown: bool  # enough answered for its shares to be published
    shares: tuple[Shares, ...]  # in the order of the survey's questions


@dataclass(frozen=True)
class SurveyFigures:
    survey: Survey
    district: ResultRow
    rows: tuple[ResultRow, ...]  # schools and zones, in the order written


@dataclass(frozen=True)
class Trend:
    respondents: str
    question: Question  # as last asked
    years: tuple[tuple[int, float | None], ...]  # (year held, the district's share satisfied), oldest first


def _shares(survey: Survey, answered: int, counts_of: dict[str, tuple[int, ...]], least: int) -> tuple[bool, tuple]:
    shown = answered >= least
    shares = []
    for question in survey.questions:
        counts = counts_of.get(question.id, ())
        total = sum(counts)
        options = tuple(n / total for n in counts) if shown and total else None
        satisfied = sum(counts[:survey.satisfied]) / total if shown and total else None
        shares.append(Shares(question, counts, options, satisfied))
    return shown, tuple(shares)


def _row(site: Site, survey: Survey, result: SurveyResult) -> ResultRow:
    shown, shares = _shares(survey, result.answered, {a.question: a.counts for a in result.answers},
                            site.config.survey_min_answers)
    return ResultRow(site.school(result.school), site.zone(result.zone), result.answered, shown, shares)


def figures(site: Site, survey: Survey) -> SurveyFigures:
    whole = next((r for r in survey.results if r.school is None and r.zone is None), None)
    rows = tuple(_row(site, survey, r) for r in survey.results if r is not whole)
    if whole is not None:
        district = _row(site, survey, whole)
    else:  # the results shown, added up: one too small to show could be worked out as the difference
        summed: dict[str, list[int]] = {}
        counted = [r for r in survey.results if r.answered >= site.config.survey_min_answers]
        for result in counted:
            for answers in result.answers:
                into = summed.setdefault(answers.question, [0] * len(answers.counts))
                for i, n in enumerate(answers.counts[:len(into)]):
                    into[i] += n
        answered = sum(r.answered for r in counted)
        shown, shares = _shares(survey, answered, {k: tuple(v) for k, v in summed.items()}, site.config.survey_min_answers)
        district = ResultRow(None, None, answered, shown, shares)
    return SurveyFigures(survey, district, rows)


def compute(site: Site) -> tuple[SurveyFigures, ...]:
    """Every survey, the latest first."""
    return tuple(figures(site, s) for s in sorted(site.records["survey"].values(), key=lambda s: (s.held, s.id),
                                                  reverse=True))


def trends(all_figures: tuple[SurveyFigures, ...]) -> tuple[Trend, ...]:
    """Each question asked in more than one year, by respondents, with the district's share
    satisfied each year (the latest survey of a year)."""
    by_key: dict[tuple[str, str], dict[int, tuple[Question, float | None]]] = {}
    for f in sorted(all_figures, key=lambda f: (f.survey.held, f.survey.id)):
        for shares in f.district.shares:
            by_key.setdefault((f.survey.respondents, shares.question.id), {})[f.survey.held.year] = (
                shares.question, shares.satisfied)
    return tuple(Trend(respondents, max(years.items())[1][0], tuple((y, s) for y, (_, s) in sorted(years.items())))
                 for (respondents, _), years in sorted(by_key.items()) if len(years) > 1)


_TRENDS = PerModel()


def trends_of(site: Site) -> tuple[Trend, ...]:
    """Every question asked again, worked out once per model (each survey's page shows its own)."""
    known = _TRENDS.of(site)
    if "trends" not in known:
        known["trends"] = trends(compute(site))
    return known["trends"]
