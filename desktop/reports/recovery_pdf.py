"""The recovery key on paper: printed once when a password is set, kept in a drawer.

The sheet is rendered into memory only: the key reaches the disk only where the clerk saves it
(a save dialog) or goes straight to the printer (issue 17: a temp file survives a crash)."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from desktop.reports.pdf import base
from desktop.reports.pdf.fonts import FontSet


def recovery_sheet(
    key: str,
    fonts: FontSet,
    *,
    township: str,
    database: str,
    db_id: str,
    today: date | None = None,
) -> bytes:
    """The PDF of the sheet, as bytes."""
    st = base.styles(fonts)
    day = today or date.today()
    big = ParagraphStyle(
        "key", fontName=fonts.name("hei"), fontSize=22, leading=34, alignment=1, spaceBefore=6
    )
    story = [
        Paragraph(base.escape(f"{township}妇联工作台 数据库恢复密钥"), st.title),
        Spacer(1, 6 * mm),
        Paragraph(base.escape(f"数据库文件：{database}"), st.body),
        Paragraph(base.escape(f"数据库标识：{db_id}"), st.body),
        Paragraph(base.escape(f"生成日期：{day.year}年{day.month}月{day.day}日"), st.body),
        Spacer(1, 10 * mm),
        Paragraph(base.escape(key), big),
        Spacer(1, 10 * mm),
        Paragraph(
            base.escape(
                "用途：忘记数据库密码时，在“个人信息保护”页点“忘记密码（用恢复密钥）”，"
                "输入上面的恢复密钥并设置新密码。"
            ),
            st.body,
        ),
        Paragraph(
            base.escape(
                "请把本页锁在抽屉里，不要和U盘放在一起，不要拍照或发送给他人。"
                "修改密码或重新生成恢复密钥后，本页作废，请销毁。"
            ),
            st.body,
        ),
    ]
    buffer = io.BytesIO()
    base.build(buffer, story, fonts, header=f"{township} · 恢复密钥", title="恢复密钥")
    return buffer.getvalue()
