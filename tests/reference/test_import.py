"""`greenchain reference import`: validated row by row, written atomically, versioned."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from greenchain.paths import SHARED_REALDATA, DataPaths
from greenchain.reference import current_versions, registry_version
from greenchain.reference.importing import import_companies, import_suppliers
from match.inputs import read_registry, read_supplier_list

APPLE = SHARED_REALDATA / "apple-suppliers"
needs_realdata = pytest.mark.skipif(not APPLE.exists(), reason=f"{APPLE} is absent (Apple's published list)")

REGISTRY_CSV = (
    "company_id,name,uscc,aliases,address,division_code\n"
    "c1,苏州金像电子有限公司,91320500MA1XXXXX0A,金像电子|Jinxiang Electronics,江苏省苏州市吴中区,320506\n"
    "c2,南通华新纺织有限公司,12345,,江苏省南通市,3206\n"
    "c3,宁波明达五金制品有限公司,,,浙江省宁波市,330200\n"
)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_registry_csv_becomes_the_registry_the_match_stage_reads(tmp_path: Path, paths: DataPaths) -> None:
    rep = import_companies(_write(tmp_path / "reg.csv", REGISTRY_CSV), paths)
    assert rep.status == "imported", rep.message
    table, errors = read_registry(paths.reference / "companies.parquet")
    assert errors == [] and table["company_id"].to_pylist() == ["c1", "c2", "c3"]
    assert table["aliases"].to_pylist()[0] == ["金像电子", "Jinxiang Electronics"]
    # repaired, not rejected: a malformed USCC and a 4-digit division code are dropped from the row
    assert table["uscc"].to_pylist() == ["91320500MA1XXXXX0A", None, None]
    assert table["division_code"].to_pylist() == ["320506", None, "330200"]
    assert {(w.line, w.reason.split()[0]) for w in rep.warnings} == {(3, "uscc"), (3, "division_code")}
    # the version is the file's own hash, as documented: sha256sum companies.parquet | cut -c1-16
    sha = hashlib.sha256((paths.reference / "companies.parquet").read_bytes()).hexdigest()
    assert rep.version == registry_version(paths) == sha[:16]
    assert current_versions(paths)["companies"]["origin"] == "imported"


def test_open_supply_hub_list_imports_as_a_registry(tmp_path: Path, paths: DataPaths) -> None:
    src = _write(tmp_path / "osh.csv", "os_id,name,address,country_code\n"
                 "CN2019123ABC,Dongguan Huali Garment Co Ltd,Humen Town Dongguan Guangdong,CN\n"
                 "BD2020456DEF,Dhaka Knit Ltd,Gazipur Dhaka,BD\n"
                 "CN2021789GHI,Ningbo Yongsheng Textile,Yinzhou Ningbo Zhejiang,China\n")
    rep = import_companies(src, paths)
    assert rep.status == "imported" and rep.out_of_scope == 1 and rep.rows_accepted == 2
    table = pq.read_table(paths.reference / "companies.parquet")
    assert table["company_id"].to_pylist() == ["CN2019123ABC", "CN2021789GHI"]


def test_bad_rows_refuse_the_import_naming_file_and_line(tmp_path: Path, paths: DataPaths) -> None:
    import_companies(_write(tmp_path / "good.csv", REGISTRY_CSV), paths)
    before = (paths.reference / "companies.parquet").read_bytes()
    src = _write(tmp_path / "bad.csv", REGISTRY_CSV + ",无编号公司,,,,\nc4,----,,,,\nc1,另一家公司,,,,\n")
    rep = import_companies(src, paths)
    assert rep.status == "refused"
    assert [(e.file, e.line) for e in rep.errors] == [(str(src), 5), (str(src), 6), (str(src), 7)]
    assert "repeats line 2" in rep.errors[2].reason
    assert (paths.reference / "companies.parquet").read_bytes() == before  # nothing changed
    logged = [json.loads(x) for x in (paths.reference / "imports.jsonl").read_text().splitlines()]
    assert [x["status"] for x in logged] == ["imported", "refused"]
    # every rejected row is kept with its reason, so nothing is lost silently
    kept = [json.loads(x) for x in Path(rep.errors_file).read_text().splitlines()]
    assert [k["line"] for k in kept if k["severity"] == "error"] == [5, 6, 7]

    rep = import_companies(src, paths, skip_bad_rows=True)  # the good rows are those already in use
    assert rep.status == "unchanged" and rep.rows_accepted == 3


def test_reimporting_the_same_file_is_unchanged_and_keeps_the_version(tmp_path: Path, paths: DataPaths) -> None:
    src = _write(tmp_path / "reg.csv", REGISTRY_CSV)
    first = import_companies(src, paths)
    again = import_companies(src, paths)
    assert again.status == "unchanged" and again.version == first.version


def test_old_versions_are_kept_up_to_the_limit(tmp_path: Path, paths: DataPaths) -> None:
    versions = []
    for i in range(7):
        src = _write(tmp_path / f"r{i}.csv", REGISTRY_CSV + f"c{10 + i},杭州新{i}化工有限公司,,,,\n")
        versions.append(import_companies(src, paths).version)
    kept = {p.stem for p in (paths.reference / "versions" / "companies").iterdir()}
    assert kept == set(versions[-5:])  # config/reference.yaml keep_versions: 5
    assert registry_version(paths) == versions[-1]


def test_a_failed_write_leaves_the_registry_in_use_untouched(tmp_path: Path, paths: DataPaths,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import_companies(_write(tmp_path / "good.csv", REGISTRY_CSV), paths)
    before = (paths.reference / "companies.parquet").read_bytes()

    def half_written(table: pa.Table, where: Path) -> None:
        Path(where).write_bytes(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", half_written)
    with pytest.raises(OSError, match="disk full"):
        import_companies(_write(tmp_path / "new.csv", REGISTRY_CSV + "c9,杭州新华化工有限公司,,,,\n"), paths)
    assert (paths.reference / "companies.parquet").read_bytes() == before
    assert not [p for p in paths.reference.iterdir() if p.name.startswith(".import-")]
    last = json.loads((paths.reference / "imports.jsonl").read_text().splitlines()[-1])
    assert last["status"] == "failed" and "disk full" in last["message"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_supplier_list_in_open_supply_hub_columns_imports_from_each_format(tmp_path: Path, paths: DataPaths,
                                                                          fmt: str) -> None:
    rows = [["name", "address", "country"],
            ["Dongguan Huali Garment Co Ltd", "Humen Town, Dongguan, Guangdong", "China"],
            ["Dhaka Knit Ltd", "Gazipur", "Bangladesh"]]
    src = tmp_path / f"list.{fmt}"
    if fmt == "csv":
        _write(src, "\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n")
    elif fmt == "xlsx":
        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(src)
    else:
        pq.write_table(pa.table({h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}), src)
    rep = import_suppliers("greenstep", src, paths)
    assert rep.status == "imported", rep.message
    written, errors, _ = read_supplier_list(paths.reference / "suppliers" / "greenstep.csv", "greenstep")
    assert errors == [] and [r.supplier_name for r in written] == [rows[1][0], rows[2][0]]
    # the row ids the match stage derives are those of the original file: judgements survive the import
    original, _, _ = read_supplier_list(src, "greenstep")
    assert [r.supplier_row_id for r in written] == [r.supplier_row_id for r in original]


def test_supplier_row_errors_name_file_and_line(tmp_path: Path, paths: DataPaths) -> None:
    src = _write(tmp_path / "l.csv", "supplier_name,country\n苏州金像电子有限公司,中国\n,中国\n")
    rep = import_suppliers("huaxin-textile", src, paths)
    assert rep.status == "refused" and [(e.line, e.reason) for e in rep.errors] == [(3, "empty supplier_name")]
    assert not (paths.reference / "suppliers" / "huaxin-textile.csv").exists()


def test_unknown_brand_is_refused_naming_the_known_ones(tmp_path: Path, paths: DataPaths) -> None:
    with pytest.raises(KeyError, match="apple"):
        import_suppliers("no-such-brand", _write(tmp_path / "l.csv", "name\nX Co\n"), paths)


@needs_realdata
def test_apples_published_list_imports_as_the_apple_brand_list(paths: DataPaths) -> None:
    rep = import_suppliers("apple", APPLE, paths)  # the folder: its one CSV is the list
    assert rep.status == "imported" and rep.rows_read == 7558 and not rep.errors
    # the same distinct rows the match stage reads from the original file, now from the imported one
    original, _, _ = read_supplier_list(APPLE / "apple-supplier-list.csv", "apple")
    assert rep.rows_accepted == len(original)
    now = current_versions(paths)["suppliers"]["apple"]
    assert now["origin"] == "imported" and now["version"] == rep.version
    assert now["path"] == str(paths.reference / "suppliers" / "apple.csv")


def test_cli_refused_import_exits_1_and_lists_rows(tmp_path: Path, paths: DataPaths) -> None:
    src = _write(tmp_path / "l.csv", "supplier_name,country\n,中国\n")
    out = subprocess.run([sys.executable, "-m", "greenchain.cli.main", "--data-dir", str(paths.root),
                          "reference", "import", "suppliers", "voltedge", str(src)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert f"{src}:2: error: empty supplier_name" in out.stderr
