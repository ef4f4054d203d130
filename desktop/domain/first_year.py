"""The first-year checklist (issue 22): the set-up steps in the order the work is done, each
naming the page where it is done."""

from __future__ import annotations

from desktop.domain.plain import Frozen


class Step(Frozen):
    key: str  # the SetupState field that says it is done
    text: str
    page: str  # where it is done (a sidebar page id, or "profile" for the dialog)


STEPS = (
    Step("profile", "填写乡镇信息（乡镇、妇联、妇儿工委名称，文号前缀）", "profile"),
    Step("units", "录入责任单位（成员单位、村、社区）", "units"),
    Step("indicators", "核对指标与目标（按本地规划确认参考目录）", "indicators"),
    # a year comes before its 分工: the matrix assigns within a year
    Step("year", "新建监测年度，设定填报截止日期", "completeness"),
    Step("assignments", "设置分工：哪个单位填报哪些指标", "matrix"),
    Step("letters", "生成填报模板和目标责任书", "letters"),
)


def checklist(done: dict[str, bool]) -> list[tuple[Step, bool]]:
    """Each step with whether it is done; empty once the first year is set up (every step
    done, or the letters made: a database in use is not a new one)."""
    ticked = [(step, bool(done.get(step.key))) for step in STEPS]
    if done.get("letters") or all(flag for _step, flag in ticked):
        return []
    return ticked
