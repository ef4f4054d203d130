"""Demo records that hang together: the registers whose fields depend on each other (a
closed petition has a closing date and a result; a 家庭暴力 case has its facts and a male
respondent; a child is assisted as a child, with a guardian; a red dispute is followed up).
Each ``fix`` gets a record the generic maker filled and puts it right."""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.demo.township import male_name, person_name
from desktop.domain.identity import check_character
from desktop.forms.definition import Values
from desktop.store.registers import Children

START = date(2024, 1, 1)
END = date(2026, 11, 15)  # the same fixed span as registers.py
HANDLERS = ("王晓燕", "李秀兰", "张敏", "陈静")

#: a petition's 具体问题 (or 问题类别 when it has none) → (what was reported, how it was closed)
PETITIONS: dict[str, tuple[str, str]] = {
    "家庭暴力": (
        "反映丈夫酒后多次殴打，要求妇联帮助并申请人身安全保护令。",
        "已会同派出所上门调查，出具告诫书，并联系司法所提供法律援助。",
    ),
    "离婚": (
        "丈夫长期不顾家，想离婚，咨询财产分割和孩子抚养。",
        "已讲解法律规定，引导到法院起诉。",
    ),
    "婚外情/重婚": ("反映丈夫与他人同居，要求妇联出面。", "已约谈双方，告知重婚的法律后果。"),
    "干涉婚姻自由": ("父母强行阻止其与男友结婚。", "经村妇联主席上门做工作，家人已同意。"),
    "家庭纠纷": ("婆媳矛盾长期未解决，希望妇联上门调解。", "经村妇联主席上门调解，矛盾已化解。"),
    "抚养": ("离婚后对方拒不支付孩子抚养费，请求帮助协调。", "经调解双方按月支付抚养费。"),
    "赡养": ("子女互相推诿，不承担赡养义务。", "经村调委会调解，子女签订赡养协议。"),
    "土地承包/征地补偿/集体收益分配": (
        "外嫁女未分得征地补偿款，要求依法保障。",
        "已转镇农业农村办核实，依法补发补偿款。",
    ),
    "房产": ("离婚后前夫不让其居住婚后共有房屋。", "已提供法律援助，引导诉讼解决。"),
    "继承": ("咨询父亲遗产继承份额问题。", "已告知法律规定和诉讼途径，当事人表示理解。"),
    "人身权益": ("反映在村里遭受邻居辱骂威胁。", "已联系派出所依法处理，当事人满意。"),
    "劳动和社会保障": ("用人单位以怀孕为由辞退，咨询如何维权。", "已引导其向劳动监察部门投诉。"),
    "政治权利": ("反映村委会换届时妇女候选人名额未落实。", "已向镇换届工作组反映并答复。"),
    "文化教育": ("孩子因户籍问题入学困难。", "已协调镇中心学校解决入学。"),
    "求助": ("生活困难，请求帮助申请临时救助。", "已协助向民政办申请临时救助。"),
    "咨询": ("咨询妇女创业贷款政策。", "已解答并提供县妇联联系方式。"),
    "其他": ("反映村里公共场所缺少母婴室。", "已转相关单位研究办理并答复。"),
}
CATEGORY_WEIGHTS = {
    "婚姻家庭": 55,
    "人身权益": 6,
    "财产权益": 14,
    "劳动和社会保障": 6,
    "政治权利": 1,
    "文化教育": 3,
    "综合": 15,
}
SUBS = {
    "婚姻家庭": ("家庭暴力", "离婚", "婚外情/重婚", "干涉婚姻自由", "家庭纠纷", "抚养", "赡养"),
    "财产权益": ("土地承包/征地补偿/集体收益分配", "房产", "继承"),
    "综合": ("求助", "咨询", "其他"),
}
MEASURES = {
    "家庭暴力": ("协助报案", "协助申请人身安全保护令", "法律援助", "心理疏导"),
    "婚姻家庭": ("调解", "法律援助", "心理疏导"),
    "财产权益": ("转办", "法律援助"),
    "综合": ("救助", "其他"),
}


_REGIONS = ("330782", "330783", "330702", "330726")


def id_number(
    rng: random.Random, born_from: int = 1955, born_to: int = 2004, *, male: bool = False
) -> str:
    """A valid ID number: the 17th digit is odd for a man, even for a woman."""
    born = date(born_from, 1, 1) + timedelta(days=rng.randrange((born_to - born_from) * 365))
    sequence = rng.randrange(0, 999) // 2 * 2 + (1 if male else 0)
    first17 = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def day(rng: random.Random, start: date = START, end: date = END) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def fix_petition(rng: random.Random, v: Values, children: Children) -> None:
    received = day(rng)
    v["received_on"] = received.isoformat()
    v["deadline"] = (received + timedelta(days=60)).isoformat()
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    subs = SUBS.get(category)
    sub = rng.choice(subs) if subs else None
    if category == "婚姻家庭" and rng.random() < 0.3:
        sub = "家庭暴力"
    v["category"], v["sub_category"] = category, sub
    v["sex"] = "男" if rng.random() < 0.1 and sub != "家庭暴力" else "女"
    v["person_name"] = male_name(rng) if v["sex"] == "男" else person_name(rng)
    age = rng.randint(24, 78)  # and an ID number (when given) born that many years before
    born = received.year - age
    male = v["sex"] == "男"
    v["id_number"] = id_number(rng, born, born + 1, male=male) if v["id_number"] else None
    v["age"] = age
    v["people"] = rng.choice((1, 1, 1, 1, 2, 3)) if rng.random() > 0.03 else rng.randint(5, 12)
    v["repeated"] = rng.random() < 0.08
    v["over_level"] = rng.random() < 0.03
    family = category == "婚姻家庭"
    v["respondent"] = male_name(rng) if family and v["sex"] == "女" else None
    v["relation"] = rng.choice(("丈夫", "丈夫", "前夫", "同居者")) if v["respondent"] else None
    content, result = PETITIONS[str(sub or category)]
    v["content"], v["result"] = content, result
    v["demand"] = None
    v["measures"] = tuple(
        sorted(
            rng.sample(MEASURES.get(sub or category, MEASURES["综合"]), k=rng.randint(1, 2)),
            key=(
                "调解",
                "转办",
                "法律援助",
                "协助报案",
                "协助申请人身安全保护令",
                "心理疏导",
                "救助",
                "其他",
            ).index,
        )
    )
    _domestic_violence(rng, v, sub == "家庭暴力")
    v["extended"], v["extension_reason"] = "否", None
    age = (END - received).days
    still_open = age < 200 and rng.random() < 0.4
    status = rng.choice(("received", "in_progress")) if still_open else "closed"
    v["status"] = status
    end = received + timedelta(days=rng.randint(3, 55))
    if status == "closed":
        v["closed_on"] = min(end, END).isoformat()
        v["satisfaction"] = rng.choice(("满意", "满意", "基本满意", "未回访"))
        visited = v["satisfaction"] != "未回访"
        v["return_visit_on"] = min(end + timedelta(days=7), END).isoformat() if visited else None
        v["return_visit_way"] = rng.choice(("电话", "上门")) if visited else None
    else:
        v["closed_on"] = v["result"] = v["satisfaction"] = None
        v["return_visit_on"] = v["return_visit_way"] = None
    steps: list[Values] = []
    when = received
    for action in ("接谈", "转办", "督办", "回访")[: rng.randint(1, 4)]:
        handler = rng.choice(HANDLERS)
        steps.append({"date": when.isoformat(), "action": action, "handler": handler, "note": None})
        when = min(when + timedelta(days=rng.randint(1, 15)), END)
    children["steps"] = steps


def _domestic_violence(rng: random.Random, v: Values, violence: bool) -> None:
    if not violence:
        for name in ("dv_types", "dv_police", "dv_warning", "dv_order", "dv_shelter"):
            v[name] = None
        v["dv_minor"] = v["dv_report"] = None
        return
    v["dv_types"] = ("身体", "精神") if rng.random() < 0.6 else ("身体",)
    v["dv_police"] = rng.random() < 0.6
    v["dv_warning"] = bool(v["dv_police"]) and rng.random() < 0.5
    v["dv_order"] = rng.choice(("未申请", "未申请", "已申请", "已核发"))
    v["dv_shelter"] = rng.random() < 0.1
    v["dv_minor"] = rng.choice(("无", "无", "目睹"))
    v["dv_report"] = "不涉及"


CHILD_KINDS = ("留守儿童", "困境儿童", "孤儿", "残疾儿童", "春蕾女童")
WOMAN_KINDS = (
    ("单亲困难母亲",),
    ("两癌患病妇女",),
    ("困难妇女",),
    ("留守妇女",),
    ("困难妇女", "残疾妇女"),
    ("家暴受害妇女",),
    ("单亲困难母亲", "困难妇女"),
)
DIFFICULTY = {
    "单亲困难母亲": "丈夫去世，独自抚养两个孩子。",
    "两癌患病妇女": "本人患宫颈癌，正在治疗，子女在读，家庭收入低。",
    "困难妇女": "本人患病，家庭收入低。",
    "留守妇女": "丈夫外出务工，独自照顾老人和孩子。",
    "家暴受害妇女": "遭受家庭暴力，已离婚，暂住娘家。",
    "留守儿童": "父母外出务工，由祖母照看。",
    "困境儿童": "父亲服刑，母亲离家，由祖父母抚养。",
    "孤儿": "父母双亡，由叔叔监护。",
    "残疾儿童": "肢体残疾，需长期康复训练。",
    "春蕾女童": "家庭困难，品学兼优，受春蕾计划资助。",
}


def fix_assistance(rng: random.Random, v: Values, children: Children) -> None:
    registered = day(rng, START, END - timedelta(days=20))
    v["registered_on"] = registered.isoformat()
    child = rng.random() < 0.35
    if child:
        kind = rng.choice(CHILD_KINDS)
        v["category"] = (kind,)
        boy = kind != "春蕾女童" and rng.random() < 0.5
        v["child_sex"] = "男" if boy else "女"
        v["person_name"] = male_name(rng) if boy else person_name(rng)
        v["id_number"] = id_number(rng, 2010, 2020, male=boy)
        number = str(v["id_number"])
        v["birth_date"] = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        v["guardian"] = person_name(rng)
        v["guardian_relation"] = "祖父母" if kind == "留守儿童" else rng.choice(("母亲", "祖父母"))
        v["left_behind"] = "父母均外出" if kind == "留守儿童" else None
        v["school"] = f"镇中心小学{rng.choice('一二三四五六')}年级"
        v["needs"] = ("助学", "监护照料")
    else:
        kinds = rng.choice(WOMAN_KINDS)
        kind = kinds[0]
        v["category"] = kinds
        v["needs"] = ("医疗救助",) if kind == "两癌患病妇女" else ("生活救助", "就业")
    v["difficulty"] = DIFFICULTY[kind]
    v["welfare"] = rng.choice(((), (), ("低保",), ("防返贫监测户",)))
    v["household_size"] = rng.randint(2, 6)
    interval = {"high": 30, "medium": 60, "low": 90}[str(v["risk_level"])]
    visits: list[Values] = []
    when = registered + timedelta(days=rng.randint(1, 20))
    while when <= END and len(visits) < 30:
        given = rng.choice(("走访慰问", "送去米油", "帮助申请低保", "联系就业岗位"))
        visits.append(
            {"date": when.isoformat(), "visitor": v["cadre"], "help_given": given, "amount": None}
        )
        when += timedelta(days=interval + rng.randint(-10, 25))
    children["visits"] = visits
    children["cancer_aid"] = _cancer_aid(rng, registered) if kind == "两癌患病妇女" else []
    if rng.random() < 0.2:
        v["status"] = "ended"
        v["ended_on"] = min(END, registered + timedelta(days=rng.randint(90, 600))).isoformat()
    else:
        v["status"] = "active"
        v["ended_on"] = None


def _cancer_aid(rng: random.Random, registered: date) -> list[Values]:
    """One application through 申请 → 审核 → 公示 → 发放 (the last steps may be pending)."""
    dates = [registered + timedelta(days=rng.randint(0, 10))]
    for gap in (7, 3, 7, 7, 20):
        dates.append(dates[-1] + timedelta(days=rng.randint(1, gap)))
    reached = sum(1 for d in dates if d <= END)
    shown = [d.isoformat() if i < reached else None for i, d in enumerate(dates)]
    paid = shown[5] is not None
    return [
        {
            "applied_on": shown[0],
            "cancer": rng.choice(("乳腺癌", "宫颈癌")),
            "reviewed_on": shown[1],
            "review": "通过" if shown[1] else None,
            "village_notice_on": shown[2],
            "town_notice_on": shown[3],
            "county_notice_on": shown[4],
            "fund": rng.choice(("中央彩票公益金", "省级")) if paid else None,
            "amount": 10000.0 if paid else None,
            "paid_on": shown[5],
        }
    ]


DISPUTE_TYPES = (
    ("婚姻纠纷", 30),
    ("家庭暴力", 8),
    ("婆媳（家庭成员）纠纷", 20),
    ("抚养纠纷", 8),
    ("赡养纠纷", 14),
    ("继承和家庭财产纠纷", 10),
    ("邻里纠纷", 8),
    ("其他", 2),
)
DISPUTE_SUMMARY = {
    "婚姻纠纷": "夫妻因家务和经济问题经常争吵，女方提出离婚。",
    "家庭暴力": "丈夫酒后动手，女方到村委会求助。",
    "婆媳（家庭成员）纠纷": "婆媳因照看孙子发生矛盾，多次争吵。",
    "抚养纠纷": "离婚后男方未按时支付抚养费。",
    "赡养纠纷": "三个子女对老人赡养费分摊有争议。",
    "继承和家庭财产纠纷": "兄妹对父母宅基地继承有争议。",
    "邻里纠纷": "两家因宅基地边界发生口角。",
    "其他": "家庭成员之间因琐事发生矛盾。",
}


def fix_dispute(rng: random.Random, v: Values, children: Children) -> None:
    screened = day(rng)
    v["screened_on"] = screened.isoformat()
    names, weights = zip(*DISPUTE_TYPES, strict=True)
    kind = rng.choices(names, weights=weights)[0]
    v["dispute_type"] = kind
    v["parties"] = f"{male_name(rng)}与{person_name(rng)}"
    v["summary"] = DISPUTE_SUMMARY[kind]
    recent = (END - screened).days < 90  # this quarter's screening: some still open
    v["risk"] = rng.choices(("red", "yellow", "blue"), weights=(25 if recent else 4, 25, 60))[0]
    v["responsible"] = rng.choice(HANDLERS)
    v["measures"] = ("上门调解",) if kind != "家庭暴力" else ("上门调解", "联合派出所处置")
    age = (END - screened).days
    resolved = age > 45 or rng.random() < 0.5
    if recent:
        resolved = v["risk"] == "blue" and rng.random() < 0.5  # the home page shows red ones
    if resolved:
        done = min(END, screened + timedelta(days=rng.randint(2, 40)))
        v["state"], v["resolved_on"] = "resolved", done.isoformat()
        v["follow_up_on"] = min(END, done + timedelta(days=rng.randint(7, 30))).isoformat()
        v["follow_up"] = "双方关系稳定，未再发生矛盾。"
    else:
        v["state"] = rng.choice(("pending", "in_progress"))
        v["resolved_on"] = v["follow_up_on"] = v["follow_up"] = None
