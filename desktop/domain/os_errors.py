"""System errors in the clerk's words: the one place where an OSError becomes Chinese.

Pure (no I/O), so that every layer (the form loader, the workbook reader, the store, the CLI)
can say what went wrong without the system's English text (``No such file or directory``).
"""

from __future__ import annotations

import errno

#: errno → what the clerk reads; the one place where system error texts become Chinese
_OS_TEXTS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EROFS: "U盘或磁盘是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘空间已满",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "读写失败（U盘可能已拔出）",
    errno.EINVAL: "文件名或路径无效",
    errno.EBUSY: "文件正被其他程序占用",
}


def describe_os_error(exc: OSError) -> str:
    """A Chinese sentence for an OSError, never the system's English text."""
    text = _OS_TEXTS.get(exc.errno or -1)
    if text is None:
        text = f"读写文件失败（系统错误代码 {exc.errno}）" if exc.errno else "读写文件失败"
    return text
