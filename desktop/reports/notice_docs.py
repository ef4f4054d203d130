"""预警通知书 and 督办单 in official layout (PDF, or Word to adjust): the number, the unit, its
warned indicators with value, target and reason, the 整改期限 and a reply slip (回执)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.domain.letter_template import chinese_date
from desktop.reports.official_doc import OfficialDoc
from desktop.store import follow_ups as follow_up_store
from desktop.store import notices
from desktop.store.profile import Profile


def _day(text: str) -> str:
    return chinese_date(date.fromisoformat(text)) if text else "（未定）"


def notice_doc(
    notice: notices.Notice, items: Sequence[follow_up_store.FollowUp], facts: Profile
) -> OfficialDoc:
    issuer = facts.committee or facts.federation or facts.township
    office = f"{issuer}办公室"
    if notice.kind == "warning":
        doc = OfficialDoc(f"{notice.year}年度妇女儿童发展规划监测预警通知书", notice.number)
        opening = (
            f"根据{notice.year}年度妇女儿童发展规划统计监测结果，贵单位牵头负责的以下"
            f"{len(items)}项指标出现预警（未达标、较上年变差、无数据或数据异常）："
        )
        request = (
            f"请贵单位认真分析原因，研究制定整改措施，明确责任人和完成时限，于{_day(notice.due_on)}"
            f"前将整改措施（填写下方回执）报送{office}。{issuer}将适时组织复查，"
            "整改不到位的将发出督办单，并在年度考核中扣分。"
        )
    else:
        doc = OfficialDoc(f"{notice.year}年度妇女儿童发展规划督办通知单", notice.number)
        opening = f"经复查，贵单位对预警通知书所列以下{len(items)}项指标的整改尚未到位，现予督办："
        request = (
            f"请贵单位主要负责人亲自过问，于{_day(notice.due_on)}前整改到位，并将整改落实情况"
            f"书面报送{office}。督办事项的办理情况将纳入年度目标责任考核。"
        )
    doc.add("addressee", f"{notice.unit}：")
    doc.add("paragraph", opening)
    rows: list[tuple[str, ...]] = [("序号", "指标", "本年值", "目标", "预警情况及原因")]
    for n, item in enumerate(items, start=1):
        why = "；".join(x for x in (item.flags, item.reason) if x)
        rows.append((str(n), item.indicator, item.value, item.target, why))
    doc.add("table", rows=tuple(rows), widths=(4, 16, 10, 15, 17))  # 5/10万以下（期末） on a line
    doc.add("paragraph", request)
    contact = f"联系人：{facts.clerk}" + (f"，电话：{facts.phone}" if facts.phone else "")
    if facts.clerk:
        doc.add("paragraph", contact + "。")
    doc.add("signature", lines=(issuer, _day(notice.issued_on)))
    doc.add(
        "slip",
        "回　执",
        lines=(
            f"通知编号：{notice.number}",
            f"单位：{notice.unit}（盖章）",
            "整改措施：",
            "",
            "",
            "责任人：　　　　　　联系电话：",
            "预计完成时间：　　　年　　月　　日",
        ),
    )
    return doc


def file_stem(notice: notices.Notice) -> str:
    kind = notices.KIND_LABELS[notice.kind]
    safe = notice.number.replace("/", "-").replace("\\", "-")
    return f"{kind}-{safe}-{notice.unit}"
