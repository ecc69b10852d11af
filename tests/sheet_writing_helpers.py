"""Shared inputs for the tests of the written 自评表 (xlsx, html): the documented project sheet.

docs/examples/project-facts.yaml: the Langfang 2019 budget figures of
test_published.py (37.24 spent of a 43.2 budget: 86.2037% of 10 points, 8.62)
on the national project profile, half the planned output (5 of 10: 50% of 20
points, 10.00) and every other row at its target (15 + 10 + 5 + 30 + 10 = 70):
8.62 + 10 + 70 = 88.62, 良.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

from scoring.core.engine import score
from scoring.core.scorecard import Scorecard
from scoring.core.sheetinfo import Funds, FundsLine, SheetInfo
from scoring.files.case import load_case
from scoring.rendering._common import Meta

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "docs" / "examples" / "project-facts.yaml"

# What the file's header: and sign_off: say.
INFO = SheetInfo(
    project="薄弱学校改造项目",
    department="示例县教育局",
    funds=Funds(
        FundsLine("年度资金总额", D(40), D("43.2"), D("37.24")),
        (
            FundsLine("当年财政拨款", D(40), D(40), D("34.04")),
            FundsLine("上年结转资金", D(0), D("3.2"), D("3.2")),
            FundsLine("其他资金"),
        ),
    ),
    goal="完成 10 所薄弱学校改造。",
    achieved="完成 5 所。",
    filled_by="张晓红",
    phone="0730-8888888",
    head="李建国",
    date="2024年3月15日",
)


def project_case(tmp_path: Path, weights_extra: str = "") -> tuple[Scorecard, Meta]:
    """The project's scorecard and the meta the CLI passes (reasons, header, sign-off)."""
    text = (ROOT / "weights" / "national-project.yaml").read_text(encoding="utf-8")
    weights = tmp_path / "w.yaml"
    weights.write_text(text + weights_extra, encoding="utf-8")
    case = load_case(PROJECT, weights=str(weights))
    card = score(case.indicators, case.weights, case.facts)
    return card, Meta(reasons=case.facts.reasons, sheet=case.facts.sheet)


def formula_cells(data: bytes) -> dict[str, dict[str, str]]:
    """Per worksheet part, each formula cell's cached <v> text (empty when none)."""
    out: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode("utf-8")
                pattern = r'<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>(?:<v>([^<]*)</v>|<v ?/>)'
                out[name] = dict(re.findall(pattern, xml))
    return out


# LibreOffice keeps the values a workbook carries unless told to recalculate on
# load; this profile setting (Tools > Options > Formula > Recalculation on file
# load: Always) makes it compute every formula itself.
_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_recalculated(path: Path, work: Path) -> Path:
    """``path`` opened, recalculated and saved again as .xlsx by LibreOffice headless."""
    exe = soffice()
    assert exe is not None
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_PROFILE, "utf-8")
    out = work / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(work)},
    )
    return out / path.name
