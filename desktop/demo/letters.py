"""Demo part: tasks for every unit and the latest year's letters in every state."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from desktop.demo.monitoring import LATEST_YEAR
from desktop.store import letters, units

if TYPE_CHECKING:
    from desktop.demo.spec import DemoSpec
    from desktop.store.database import Database

TASKS = {
    "medical": [
        ("两规划实施", "开展适龄妇女宫颈癌、乳腺癌免费筛查", "筛查率不低于70%"),
        ("儿童工作", "做好0～6岁儿童健康管理和眼保健", "管理率不低于90%"),
    ],
    "school": [
        ("儿童工作", "落实学生近视防控措施", "近视率逐年下降"),
        ("宣传", "开展家庭教育讲座", "每学期不少于2次"),
    ],
    "department": [
        ("两规划实施", "按时报送两规划统计监测数据", "按时完整报送"),
        ("宣传", "结合三八节开展妇女权益宣传", "开展活动1次以上"),
    ],
    "village": [
        ("组织建设", "建好用好妇女儿童之家", "每月开放不少于8天"),
        ("维权", "排查婚姻家庭矛盾纠纷", "每季度排查1次"),
    ],
    "community": [
        ("组织建设", "建好用好妇女儿童之家", "每月开放不少于8天"),
        ("特色工作", "开展“最美家庭”推荐评选", "推荐不少于2户"),
    ],
}


def add_letters(db: Database, spec: DemoSpec, rng: random.Random) -> None:
    active = units.list_units(db, active_only=True)
    for year in (LATEST_YEAR - 1, LATEST_YEAR):
        for unit in active:
            for order, (category, content, target) in enumerate(
                TASKS.get(unit.kind, TASKS["department"]), start=1
            ):
                done = year < LATEST_YEAR or rng.random() < 0.5
                letters.save_task(
                    db,
                    letters.Task(
                        year=year,
                        unit_id=unit.id or 0,
                        category=category,
                        content=content,
                        target=target,
                        deadline=f"{year}-11-30",
                        weight=10.0,
                        status="done" if done else rng.choice(("in_progress", "not_started")),
                        progress="已按期完成" if done else "",
                        sort_order=order,
                    ),
                )
        records = letters.ensure_letters(db, year, [u.id or 0 for u in active])
        for n, record in enumerate(records):
            # past year: all archived; latest: a mix of draft, issued, signed, archived
            steps = 3 if year < LATEST_YEAR else n % 4
            for step in range(steps):
                letters.advance(db, record.id, date(year, 3, 1 + step * 7))
