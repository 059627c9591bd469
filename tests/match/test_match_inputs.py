"""Registry and supplier-list loading: bad rows are reported with file and line, good rows load."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from greenchain.brands import load_brands, realdata_path
from greenchain.paths import SHARED_REALDATA, DataPaths
from match.inputs import read_registry, read_supplier_list, supplier_list_source

needs_realdata = pytest.mark.skipif(not SHARED_REALDATA.exists(),
                                    reason=f"{SHARED_REALDATA} is absent (real supplier lists live there)")


def test_supplier_list_bad_rows_are_reported_and_good_rows_load(tmp_path: Path) -> None:
    f = tmp_path / "brand.csv"
    f.write_text(
        "Supplier Name,Address,Country,Tier,USCC\n"
        "苏州金像电子有限公司,江苏省苏州市,中国,1,91320500MA1XXXXX0A\n"
        ",nameless,China,1,\n"
        "----,only dashes,China,2,\n"
        "Wuxi Jinxiang Electronics Co., Ltd.,Wuxi,China,tier two,\n"
        "Nantong Huaxin Textile,Nantong,China,Tier 2,12345\n"
        "苏州金像电子有限公司,江苏省苏州市,中国,1,91320500MA1XXXXX0A\n",
        encoding="utf-8",
    )
    rows, errors, dupes = read_supplier_list(f, "b")
    assert [r.line for r in rows] == [2, 5, 6]
    assert rows[0].uscc == "91320500MA1XXXXX0A" and rows[0].tier == 1 and rows[2].tier == 2
    assert dupes == 1
    by_line = {(e.line, e.severity): e.reason for e in errors}
    assert by_line[(3, "error")] == "empty supplier_name"
    assert "no letters" in by_line[(4, "error")]
    assert "tier" in by_line[(5, "warning")] and rows[1].tier is None
    assert "not a valid USCC" in by_line[(6, "warning")] and rows[2].uscc is None
    assert all(e.file == str(f) for e in errors)


def test_supplier_row_ids_are_stable_across_loads(tmp_path: Path) -> None:
    f = tmp_path / "b.csv"
    f.write_text("supplier_name\n华新纺织（南通）有限公司\n", encoding="utf-8")
    assert read_supplier_list(f, "b")[0][0].supplier_row_id == read_supplier_list(f, "b")[0][0].supplier_row_id


def test_supplier_list_without_a_name_column_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "b.csv"
    f.write_text("company,city\nX,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no supplier name column"):
        read_supplier_list(f, "b")


def test_xlsx_supplier_list_loads(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["供应商名称", "地址", "国家"])
    ws.append(["南京鼎盛化工有限公司", "江苏省南京市", "中国"])
    ws.append([None, "空名称", "中国"])
    wb.save(tmp_path / "b.xlsx")
    rows, errors, _ = read_supplier_list(tmp_path / "b.xlsx", "b")
    assert [r.supplier_name for r in rows] == ["南京鼎盛化工有限公司"]
    assert [(e.line, e.reason) for e in errors] == [(3, "empty supplier_name")]


def test_registry_csv_rows_without_id_or_name_or_repeated_id_are_errors(tmp_path: Path) -> None:
    f = tmp_path / "reg.csv"
    f.write_text("company_id,name,uscc,former_names,division_code\n"
                 "c1,苏州金像电子有限公司,91320500MA1XXXXX0A,苏州金像电子有限责任公司|金像电子厂,320506\n"
                 ",无名公司,,,\n"
                 "c2,,,,\n"
                 "c1,又一个公司,,,\n", encoding="utf-8")
    table, errors = read_registry(f)
    assert table["company_id"].to_pylist() == ["c1"]
    assert table["division_code"].to_pylist() == ["320506"]  # kept as text
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (3, "empty company_id"), (4, "company c2"), (5, "company_id c1 repeats line 2")]


def test_registry_without_required_columns_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "reg.csv"
    f.write_text("id,title\n1,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="company_id, name"):
        read_registry(f)


@needs_realdata
def test_real_apple_and_oar_lists_load_as_brands(tmp_path: Path) -> None:
    brands = load_brands()
    apple = brands.get("apple")
    path, origin = supplier_list_source(apple, DataPaths(tmp_path))
    assert origin == "realdata" and path == realdata_path(apple.supplier_list)
    rows, errors, dupes = read_supplier_list(path, "apple")
    assert len(rows) > 3000 and dupes > 0 and not [e for e in errors if e.severity == "error"]
    assert any(r.supplier_name.startswith("Hon Hai Precision") for r in rows)
    assert sum(1 for r in rows if (r.country or "").lower() == "china") > 1000
    green = brands.get("greenstep")
    rows, errors, _ = read_supplier_list(supplier_list_source(green, DataPaths(tmp_path))[0], "greenstep")
    assert len(rows) > 50 and rows[0].address


@needs_realdata
def test_reference_file_wins_over_realdata(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    (paths.reference / "suppliers").mkdir(parents=True)
    (paths.reference / "suppliers" / "apple.csv").write_text("supplier_name\nX Co\n", encoding="utf-8")
    assert supplier_list_source(load_brands().get("apple"), paths) == (paths.reference / "suppliers" / "apple.csv",
                                                                       "reference")
