"""Registry rows and config writer shared by the crawler tests (fixture sites on loopback)."""

from __future__ import annotations

from pathlib import Path

from greenchain.paths import PROJECT_ROOT

HEADER = ("id,authority,division_code,province,city,county,level,kind,template,base_url,list_path,params,"
          "encoding,schedule,delay_s,concurrency,obey_robots,min_items,max_items,status,decision_no_pattern,notes")

# One source per template, pointing at the saved fixture sites.
ROWS = {
    "nj-trs-xzcf": "南京市生态环境局,320100,江苏省,南京市,,prefecture,penalty_decision,trs_wcm,"
                   "http://sthjj.trs-demo.gov.cn,/hjjc/xzcf/,,gbk,daily,0.5,2,true,1,100000,active,,",
    "zj-hanweb-xzcf": "浙江省生态环境厅,330000,浙江省,,,province,penalty_decision,hanweb_jcms,"
                      "http://sthjt.hanweb-demo.gov.cn,/col/col1234/index.html,"
                      "columnid=1234;unitid=5678;webid=1;webname=demo;perpage=3,utf-8,daily,0.5,2,true,1,100000,active,,",
    "gz-json-xzcf": "广州市生态环境局,440100,广东省,广州市,,prefecture,penalty_decision,json_api,"
                    "http://xyfw.json-demo.gov.cn,/api/penalty/list,detail_path=/api/penalty/detail;page_size=2,"
                    "utf-8,daily,0.5,2,true,1,100000,active,,",
    "cd-table-xzcf": "成都市生态环境局,510100,四川省,成都市,,prefecture,penalty_decision,html_table,"
                     "http://hbj.table-demo.gov.cn,/zwgk/xzcf/,,utf-8,daily,0.5,2,true,1,100000,active,,",
    "sz-attach-xzcf": "苏州市生态环境局,320500,江苏省,苏州市,,prefecture,penalty_decision,attachment,"
                      "http://sthjj.attach-demo.gov.cn,/xxgk/cfgs/,,utf-8,daily,0.5,2,true,1,100000,active,,",
}


def write_config(dst: Path, rows: dict[str, str], profile_overrides: str = "") -> Path:
    (dst / "sources").mkdir(parents=True, exist_ok=True)
    (dst / "sources" / "test.csv").write_text(
        HEADER + "\n" + "".join(f"{k},{v}\n" for k, v in rows.items()), encoding="utf-8")
    text = (PROJECT_ROOT / "config" / "crawl.yaml").read_text(encoding="utf-8")
    # Tests keep the simulator profile but with a short timeout, so a timeout costs ~1 s.
    text = text.replace("    download_timeout_s: 15\n", "    download_timeout_s: 1\n")
    assert "download_timeout_s: 1\n" in text, "the simulator profile's timeout line moved"
    (dst / "crawl.yaml").write_text(text + profile_overrides, encoding="utf-8")
    return dst
