"""`dudao init`: a new office's project, ready to fill in — its `site_config.yml` with the
office's names, a folder for each kind of record, and the workbook to import its rosters from —
instead of a copy of the demo to empty by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model.kinds import KINDS
from .workbook import write_template

TEMPLATE_NAME = "名册模板.xlsx"


class InitError(Exception):
    """The project cannot be made as asked: said in one line, nothing written."""


@dataclass(frozen=True)
class Office:
    name: str  # the district: 清溪区
    hotline: str  # the supervision hotline on every sign
    authority: str = ""  # the office: 清溪区人民政府教育督导室 (default: from the name)
    title: str = ""  # the site's title (default: from the name)
    email: str = ""

    def filled(self) -> "Office":
        return Office(self.name, self.hotline, self.authority or f"{self.name}人民政府教育督导室",
                      self.title or f"{self.name}责任督学挂牌督导公示平台", self.email)


def _scalar(value: str) -> str:
    """A value as YAML reads it back as the same text, whatever it holds."""
    return yaml.safe_dump(value, allow_unicode=True, default_style=None).removesuffix("\n...\n").strip()


def config_text(office: Office) -> str:
    office = office.filled()
    email = f"  email: {_scalar(office.email)}\n" if office.email else "  # email: dudao@example.cn\n"
    return (
        "# 本督导室责任督学挂牌督导公示平台的站点配置。每个字段的说明见 dudao 的 docs/reference.md。\n"
        "site:\n"
        f"  title: {_scalar(office.title)}\n"
        f"  authority: {_scalar(office.authority)}\n"
        "  # url: https://dudao.example.cn/   # 网站发布后的地址：填写后，公示牌的二维码指向它\n"
        "  language: zh-Hans\n"
        "contact:\n"
        f"  hotline: {_scalar(office.hotline)}   # 督导监督电话：印在每块公示牌上\n"
        f"{email}"
        "  # address: 督导室的办公地址\n"
        "  # office_hours: 工作日 8:30-17:00\n"
        "visits_per_month: 1   # 一月一督导\n"
        "# holiday_months: [7, 8]   # 寒暑假：不计入“一月一督导”覆盖率\n"
    )


def init_project(folder: Path, office: Office) -> list[Path]:
    """Write the new project into `folder` (absent or empty). Returns what was written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder}：文件夹不是空的。dudao init 只在新的或空的文件夹中建立项目，不改动已有的文件")
    for needed, option in ((office.name, "--name"), (office.hotline, "--hotline")):
        if not needed.strip():
            raise InitError(f"请用 {option} 给出{'区（县）名，如 清溪区' if option == '--name' else '督导监督电话'}")
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "site_config.yml"
    config.write_text(config_text(office), encoding="utf-8")
    written.append(config)
    for kind in KINDS.values():  # a folder for each kind of record, and the media beside them
        (folder / "content" / kind.folder).mkdir(parents=True, exist_ok=True)
        written.append(folder / "content" / kind.folder)
    (folder / "content" / "media").mkdir(exist_ok=True)
    written.append(folder / "content" / "media")
    write_template(folder / TEMPLATE_NAME)
    written.append(folder / TEMPLATE_NAME)
    return written
