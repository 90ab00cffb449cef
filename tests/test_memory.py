"""A cold build's memory at a moderate size: the bench measures a city's (`make bench`), this
guards what makes it, on every test run.

A build's model is shared with the processes forked from it, but only at first: reading an
object writes its reference count, so a process that reads the model ends up with a copy of
most of it. A cold build therefore keeps no more of its own processes alive at once than
the cores it uses (the build's process renders beside `jobs - 1` workers, and writes the
exports itself while the engine runs), and its peak stays within a budget measured at this
size."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import EPOCH, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import speed  # noqa: E402
from synthetic import write  # noqa: E402

# The town's cold build (1,098 pages) on two cores peaked at 0.17 to 0.18 GB of all processes together (PSS).
BUDGET = 0.25 * 1024 ** 3


def test_a_cold_build_holds_the_model_in_as_many_processes_as_it_has_jobs(tmp_path):
    project = write(tmp_path / "town", "town")
    building = subprocess.Popen([sys.executable, "-m", "generator", "build", str(project), "--no-cache", "--jobs", "2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env=dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH)))
    # The build and its descendants only: not the browsers and servers other tests of this
    # process keep running.
    with speed.PeakMemory(root=building.pid) as memory:
        _, said = building.communicate()
    assert building.returncode == 0, said
    assert (project / "site/schools/x0/index.html").is_file()
    print(f"town, cold build: peak {memory.peak / 1024 ** 2:.0f} MB (PSS) of all processes, "
          f"{memory.most_builders} of dudao's at once")
    # The sampler saw the build: its own process, and one render worker beside it.
    assert memory.most_builders == 2
    assert memory.peak <= BUDGET
