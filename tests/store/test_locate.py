from __future__ import annotations

import shutil
from pathlib import Path

from desktop.store.locate import find_moved, read_db_id


def test_moved_database_is_found_by_its_id(db_path: Path, tmp_path: Path) -> None:
    db_id = read_db_id(db_path)
    assert db_id
    # remembered as E:\妇联\数据.fulian; the stick now mounts as another root
    new_root = tmp_path / "F_drive"
    (new_root / "妇联").mkdir(parents=True)
    moved = new_root / "妇联" / "数据.fulian"
    shutil.move(db_path, moved)
    found = find_moved("E:\\妇联\\数据.fulian", db_id, roots=[tmp_path / "nothing", new_root])
    assert found == moved


def test_other_database_with_same_name_is_not_taken(
    db_path: Path, tmp_path: Path, empty_db_template: Path
) -> None:
    root = tmp_path / "G_drive"
    root.mkdir()
    shutil.copyfile(empty_db_template, root / "数据.fulian")  # same name, another id
    db_id = read_db_id(db_path)
    assert db_id
    assert find_moved("/media/clerk/STICK/数据.fulian", db_id, roots=[root]) is None


def test_non_database_candidates_are_ignored(tmp_path: Path) -> None:
    root = tmp_path / "H"
    root.mkdir()
    (root / "数据.fulian").write_text("not a database", "utf-8")
    assert find_moved("E:\\数据.fulian", "0" * 36, roots=[root]) is None
    assert (root / "数据.fulian").read_text("utf-8") == "not a database"
