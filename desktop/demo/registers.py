"""Demo part: plausible records in every register declared in ``forms/``.

Values come from each field's type (dates, names, valid ID numbers, phones, choices, units);
text fields draw from samples written with a clerk's eye; a few registers get fixups so that
their dates and states hang together (a closed petition has a closing date and a result,
visits follow the risk level ...). Every record is checked with the form's own rules.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from desktop.demo import register_fixups as fixups
from desktop.demo import site_fixups
from desktop.demo.register_fixups import id_number
from desktop.demo.township import mobile, person_name
from desktop.forms.definition import FieldDef, FormDef, Values
from desktop.forms.loader import load_dirs
from desktop.forms.validation import check_record, shown
from desktop.paths import bundled_dir
from desktop.store import register_sync, units
from desktop.store.registers import Children, RegisterStore

if TYPE_CHECKING:
    from desktop.demo.spec import DemoSpec
    from desktop.store.database import Database

START = date(2024, 1, 1)
END = date(2026, 11, 15)  # fixed: the demo does not change with the day it is made

#: records per register: (small, large); large gives about 30 000 in all
COUNTS: dict[str, tuple[int, int]] = {
    "petition": (60, 5000),
    "dispute": (40, 1200),
    "activity": (80, 5000),
    "training": (30, 2000),
    "assistance": (50, 5000),
    "family_honour": (60, 4000),
    "model_post": (15, 600),
    "nursing_room": (20, 500),
    "project": (12, 300),
    "supervision": (25, 1500),
    "volunteer": (60, 4000),
    "meeting": (30, 1000),
}

SAMPLES: dict[str, tuple[str, ...]] = {
    "petition.receiver": ("王晓燕", "李秀兰", "张敏", "陈静"),
    "activity.title": (
        "“巾帼心向党 奋斗新征程”三八节主题活动",
        "反家暴法进村入户宣传",
        "国际家庭日“家和万事兴”亲子活动",
        "“美丽庭院”创建现场会",
        "“宪法进万家”普法宣传",
        "家庭教育公益讲座",
        "两癌免费筛查政策宣传",
    ),
    "activity.place": ("镇文化广场", "村党群服务中心", "中心学校报告厅", "镇综合文化站"),
    "activity.organisers": ("镇妇联、司法所", "镇妇联、派出所", "镇妇联、卫生院", "镇妇联"),
    "activity.summary": (
        "现场发放宣传资料，解答群众法律咨询，设置有奖问答环节。",
        "邀请律师讲解典型案例，群众参与热情高。",
    ),
    "training.name": (
        "村（社区）妇联主席履职能力培训",
        "家政服务技能培训",
        "电商直播技能培训",
        "家庭教育指导师培训",
        "妇女维权知识培训",
        "心理健康疏导培训",
    ),
    "training.place": ("镇党校", "镇文化站", "县妇女儿童活动中心"),
    "training.trainer": ("县妇联讲师团", "县人社局技能培训中心", "心理咨询师刘老师", "律师赵明"),
    "assistance.cadre": ("王晓燕", "李秀兰", "张敏", "陈静", "赵丽", "孙红"),
    "assistance.difficulty": (
        "本人患病，子女在读，家庭收入低。",
        "丈夫去世，独自抚养两个孩子。",
        "父母外出务工，由祖母照看。",
        "遭受家庭暴力，已离婚，暂住娘家。",
    ),
    "family_honour.story": ("孝老爱亲，邻里和睦，热心公益。", "重视家教家风，子女勤学上进。"),
    "model_post.name": (
        "镇卫生院妇产科",
        "中心幼儿园保教组",
        "便民服务中心窗口",
        "镇中心学校教务处",
        "青山农商银行营业部",
    ),
    "model_post.employer": ("镇卫生院", "中心幼儿园", "镇政府", "中心学校", "农商银行"),
    "nursing_room.place_name": (
        "青山商业广场",
        "青山客运站",
        "镇便民服务中心",
        "青山湖景区游客中心",
        "镇卫生院门诊楼",
        "青山大酒店",
    ),
    "nursing_room.contact": ("周经理", "吴女士", "郑主任"),
    "project.name": ("母爱十平方", "关爱妇幼共享健康", "视觉关爱进社区", "春蕾助学", "巾帼家政"),
    "project.partners": ("镇卫生院、民政办", "中心学校", "各村（社区）"),
    "project.goal": ("新建母婴室5处，覆盖主要公共场所。", "为辖区适龄妇女提供免费筛查。"),
    "supervision.topic": (
        "两规划指标数据填报",
        "妇女儿童之家运行情况",
        "母婴室建设管理",
        "反家暴工作落实",
        "儿童之家活动开展",
    ),
    "supervision.inspectors": ("镇妇儿工委办公室", "镇妇联、民政办"),
    "supervision.problems": (
        "台账资料不完整，部分活动无记录。",
        "阵地开放时间未公示。",
        "母婴室设施损坏未及时维修。",
    ),
    "supervision.requirement": ("一周内补齐台账资料。", "公示开放时间并落实专人管理。"),
    "supervision.rectification": ("已按要求整改完毕。", "已补齐资料并上报。"),
    "meeting.topic": (
        "部署年度统计监测工作",
        "通报两规划指标完成情况",
        "研究反家暴工作",
        "联络员业务培训",
        "年终考核工作安排",
    ),
    "meeting.place": ("镇政府三楼会议室", "镇妇联办公室"),
    "meeting.chair": ("陈建国", "李秀兰"),
    "meeting.decisions": ("各单位于月底前报送数据。", "对未达标指标逐项分析原因。"),
    "meeting.attendees": ("各成员单位联络员", "各村（社区）妇联主席"),
}


def _day(rng: random.Random, start: date = START, end: date = END) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


class _Maker:
    def __init__(self, rng: random.Random, unit_kinds: dict[int, str]) -> None:
        self.rng = rng
        self.unit_kinds = unit_kinds

    def value(self, form_id: str, f: FieldDef, values: Values) -> object:
        rng = self.rng
        samples = SAMPLES.get(f"{form_id}.{f.id}")
        if samples:
            return rng.choice(samples)
        simple: dict[str, Callable[[], object]] = {
            "date": lambda: _day(rng).isoformat(),
            "person_name": lambda: person_name(rng),
            "id_number": lambda: id_number(rng),
            "phone": lambda: mobile(rng),
            "bool": lambda: rng.random() < 0.7,
            "money": lambda: float(rng.randrange(5, 500) * 100),
        }
        if f.type_id in simple:
            return simple[f.type_id]()
        if f.choice is not None:
            return self._choice(f, values)
        if f.kind.numeric:
            return self._number(f)
        if f.type_id == "unit":
            kinds = f.kind.options.unit_kinds
            return rng.choice([u for u, k in self.unit_kinds.items() if not kinds or k in kinds])
        if f.sensitive:  # an address
            return f"青山镇{rng.choice(_VILLAGES)}{rng.randint(1, 99)}号"
        if f.required:  # a register without samples (one dropped into forms/ later)
            return f"{f.label}{rng.randint(1, 99)}"[: f.kind.options.max_length or 60]
        return None

    def _choice(self, f: FieldDef, values: Values) -> object:
        choices = f.kind.options.choices
        if f.depends_on:
            choices = tuple(c for c in choices if c.parent == values.get(f.depends_on))
            if not choices:
                return None  # a 问题类别 without 具体问题
        if f.type_id == "choice":
            return self.rng.choice(choices).value
        picked = set(self.rng.sample(choices, k=min(len(choices), self.rng.randint(1, 3))))
        return tuple(c.value for c in choices if c in picked)

    def _number(self, f: FieldDef) -> object:
        options = f.kind.options
        low = options.minimum or 0
        high = min(options.maximum or 100, 300)
        if f.type_id == "integer":
            return self.rng.randint(int(low), int(max(low, high)))
        return round(self.rng.uniform(low, high), 1 if f.type_id == "decimal" else 0)


_VILLAGES = ("东岗村", "西岭村", "南塘村", "柳湾村")


def _fix_project(rng: random.Random, v: Values, children: Children) -> None:
    started = _day(rng)
    v["year"] = started.year
    v["name"] = f"{started.year}年{v['name']}"  # a project a year, named by its year
    v["started_on"] = started.isoformat()
    v["due_on"] = (started + timedelta(days=rng.randint(90, 300))).isoformat()
    v["status"] = rng.choice(("in_progress", "done", "done", "not_started"))
    v["progress"] = {"done": 100.0, "not_started": 0.0}.get(
        str(v["status"]), float(rng.randint(20, 90))
    )
    children["milestones"] = [
        {
            "date": (started + timedelta(days=30 * i)).isoformat(),
            "milestone": m,
            "progress": float(p),
            "note": None,
        }
        for i, (m, p) in enumerate(
            (("立项", 10), ("选址设计", 30), ("建设施工", 70), ("验收", 100))[: rng.randint(1, 4)]
        )
    ]


def _fix_year(rng: random.Random, v: Values, children: Children) -> None:
    v["year"] = rng.randint(START.year, END.year)
    if "family" in v:
        v["family"] = person_name(rng) + "家庭"
    if "awarded_on" in v:
        v["awarded_on"] = date(int(v["year"]), rng.choice((3, 5, 12)), 8).isoformat()  # type: ignore[call-overload]


FIXUPS: dict[str, Callable[[random.Random, Values, Children], None]] = {
    "petition": fixups.fix_petition,
    "dispute": fixups.fix_dispute,
    "assistance": fixups.fix_assistance,
    "training": site_fixups.fix_training,
    "activity": site_fixups.fix_activity,
    "nursing_room": site_fixups.fix_nursing_room,
    "volunteer": site_fixups.fix_volunteer,
    "project": _fix_project,
    "supervision": site_fixups.fix_supervision,
    "family_honour": _fix_year,
    "model_post": site_fixups.fix_model_post,
}


def _home_sites(
    form: FormDef, villages: dict[int, str], maker: _Maker
) -> list[tuple[Values, Children]]:
    items: list[tuple[Values, Children]] = []
    for unit_id, name in villages.items():
        values = {f.id: maker.value(form.id, f, {}) for f in form.fields}
        values |= {
            "village": unit_id,
            "name": f"{name}妇女儿童之家",
            "kind": "妇女儿童之家",
            "status": "正常运行",
        }
        children: Children = {}
        site_fixups.home_site(maker.rng, values, children)
        items.append((values, children))
    return items


def make_records(form: FormDef, count: int, maker: _Maker) -> list[tuple[Values, Children]]:
    items: list[tuple[Values, Children]] = []
    for _ in range(count):
        values: Values = {}
        for f in form.fields:
            values[f.id] = maker.value(form.id, f, values)
        children: Children = {sub.id: [] for sub in form.subforms}
        fix = FIXUPS.get(form.id)
        if fix:
            fix(maker.rng, values, children)
        for f in form.fields:  # a block not asked for (家庭暴力 facts of another problem)
            if not shown(f, values):
                values[f.id] = None
            if f.sum_of is not None:  # what the record will show: base + its rows
                sub_id, field_id, plus = f.sum_of
                rows = children.get(sub_id, [])
                parts = [values.get(plus) if plus else None, *(r.get(field_id) for r in rows)]
                values[f.id] = float(sum(p for p in parts if isinstance(p, int | float)))
        for rule in form.rules:  # any register: dates in the declared order
            later, earlier = values.get(rule.field), values.get(rule.other or "")
            if rule.kind == "not_before" and later and earlier and later < earlier:  # type: ignore[operator]
                values[rule.field], values[rule.other or ""] = earlier, later
        problems = check_record(form.fields, form.rules, values)
        if problems:
            raise AssertionError(f"demo {form.id} record invalid: {problems}")
        items.append((values, children))
    return items


def add_registers(db: Database, spec: DemoSpec, rng: random.Random) -> None:
    forms = load_dirs([bundled_dir("forms")]).forms
    register_sync.sync(db, forms)
    all_units = units.list_units(db)
    maker = _Maker(rng, {u.id: u.kind for u in all_units if u.id is not None})
    villages = {
        u.id: u.name for u in all_units if u.id is not None and u.kind in ("village", "community")
    }
    large = spec.size == "large"
    for form in forms:
        if form.id == "home_site":
            items = _home_sites(form, villages, maker)
        elif form.id == "org":
            kinds = {u.id: u.kind for u in all_units if u.id is not None}
            items = site_fixups.org_members(rng, villages, kinds)
        else:
            count = COUNTS.get(form.id, (20, 500))[1 if large else 0]
            items = make_records(form, count, maker)
        RegisterStore(db, form).add_many(items, "演示数据批量写入")
