"""Detail documents: HTML pages (label table or decision prose, per source) and 双公示 JSON."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from greenchain.registry import Source, SourceKind, Template
from simulator.publications import Item, Record
from simulator.render.text import (
    PARTY_CATEGORY,
    basis_text,
    closing_date,
    code_label_and_value,
    e,
    fine_total_wan,
    penalty_category,
    printed_date,
    variant,
)
from simulator.vocab import format_date

NAV = (
    "首页",
    "机构概况",
    "政务公开",
    "政策法规",
    "环境质量",
    "环境管理",
    "执法监督",
    "公众参与",
    "办事服务",
    "互动交流",
)


def label_rows(record: Record, v: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the two-column table for this record's kind, values printed with variant v."""
    p = record.party
    code_label, code = code_label_and_value(p)
    name = variant(p.name, v)
    if record.doc_kind == "penalty_decision":
        return [
            ("行政处罚决定书文号", variant(record.decision_no or "", v)),
            ("处罚名称", variant(f"{p.name}环境违法行为行政处罚案", v)),
            ("处罚类别", variant(penalty_category(record), v)),
            ("处罚事由", variant(record.facts or "", v)),
            ("处罚依据", variant(basis_text(record), v)),
            ("行政相对人类别", variant(PARTY_CATEGORY[p.party_type], v)),
            ("行政相对人名称", name),
            (code_label, variant(code, v)),
            ("法定代表人（负责人）", variant(p.legal_rep or "", v)),
            ("处罚结果", variant(record.penalty_content or "", v)),
            ("罚款金额（万元）", variant(fine_total_wan(record), v)),
            ("处罚决定日期", variant(printed_date(record), v)),
            ("处罚机关", variant(record.authority, v)),
            ("公示期限", variant("三年", v)),
        ]
    if record.doc_kind == "order_to_correct":
        assert record.rectification_deadline is not None
        return [
            ("责令改正决定书文号", variant(record.decision_no or "", v)),
            ("行政相对人名称", name),
            (code_label, variant(code, v)),
            ("法定代表人", variant(p.legal_rep or "", v)),
            ("违法事实", variant(record.facts or "", v)),
            ("责令改正依据", variant(basis_text(record), v)),
            ("责令改正内容", variant(record.penalty_content or "", v)),
            ("整改期限", variant(format_date(record.rectification_deadline, record.date_style), v)),
            ("下达日期", variant(printed_date(record), v)),
            ("执法机关", variant(record.authority, v)),
        ]
    if record.doc_kind == "monitoring_exceedance":
        pname, value, limit, unit = record.measurements[0]
        return [
            ("企业名称", name),
            (code_label, variant(code, v)),
            ("监测点位", variant(str(record.extra["outlet"]), v)),
            ("超标因子", variant(pname, v)),
            ("监测值", variant(f"{value:g}{unit}", v)),
            ("排放限值", variant(f"{limit:g}{unit}", v)),
            ("监测日期", variant(printed_date(record), v)),
            ("超标情况", variant(record.facts or "", v)),
            ("发布机关", variant(record.authority, v)),
        ]
    raise ValueError(f"no label table for {record.doc_kind}")


# How bureaus print the parts of the national template: every form below is seen on real pages.
# Which form a document uses is drawn from its own number (stable, and independent of every other
# draw), so the same site varies from one document to the next, as real sites do.
_TITLES = {
    "penalty_decision": "行政处罚决定书",
    "order_to_correct": "责令改正违法行为决定书",
    "prior_notice": "行政处罚事先（听证）告知书",
    "payment_reminder": "行政处罚决定履行催告书",
}
_PARTY_LABELS = ("被处罚单位", "单位名称", "当事人名称", "行政相对人名称", "名称", "单位")
_CODE_LABELS = ("统一社会信用代码", "社会信用代码", "统一社会信用代码（注册号）", "统一社会信用代码（身份证号码）")
_ADDRESS_LABELS = ("地址", "住所", "经营场所", "地 址")


def _pick(record: Record, salt: str, n: int) -> int:
    from greenchain.ids import sha256_hex

    return int(sha256_hex(f"{salt}:{record.decision_no or record.party.name}".encode())[:8], 16) % n


def _p(text: str, v: str, align: str | None = None) -> str:
    style = f' style="text-align:{align}"' if align else ""
    return f"<p{style}>{e(variant(text, v))}</p>"


def _header(record: Record, v: str) -> list[str]:
    title, no, auth = _TITLES[record.doc_kind], record.decision_no or "", record.authority
    form = _pick(record, "header", 3)
    if form == 1:  # the number first, above authority and title
        return [_p(no, v, "right"), _p(auth, v, "center"), _p(title, v, "center")]
    if form == 2:  # one line: authority, title and number separated by spaces
        return [f"<p>{e(variant(auth, v))} {e(variant(title, v))} {e(variant(no, v))}</p>"]
    return [_p(auth, v, "center"), _p(title, v, "center"), _p(no, v, "right")]


def _party_block(record: Record, v: str) -> list[str]:
    """The party as the template names it: a label, the addressee line, or (natural persons) a
    narrative opening; then code, representative and address as labels or as one sentence."""
    p = record.party
    code_label, code = code_label_and_value(p)
    if p.party_type == "individual" and _pick(record, "narrative", 2):
        sex = "男" if _pick(record, "sex", 2) else "女"
        parts = [f"{p.name}，{sex}", f"{code_label}：{code}" if code else "", f"住址：{p.address}" if p.address else ""]
        return [_p("，".join(x for x in parts if x) + "。", v)]
    form = _pick(record, "party", 4)
    if form == 0:
        out = [f"<p>{e(variant('当事人', v))}：{e(variant(p.name, v))}</p>"]
    elif form == 2:
        label = _PARTY_LABELS[_pick(record, "label", len(_PARTY_LABELS))]
        out = [f"<p>{e(variant(label, v))}：{e(variant(p.name, v))}</p>"]
    else:
        out = [f"<p>{e(variant(p.name, v))}：</p>"]
    rep_label = "经营者" if p.party_type == "sole_proprietor" else ("负责人" if p.party_type == "public_institution" else "法定代表人")
    if code_label != "身份证号码":
        code_label = _CODE_LABELS[_pick(record, "code", len(_CODE_LABELS) - 1)]
    if form == 3 and p.party_type != "individual":
        parts = [f"{code_label}为{code}" if code else "", f"{rep_label}{p.legal_rep}" if p.legal_rep else "",
                 f"地址位于{p.address}" if p.address else ""]  # fmt: skip
        if any(parts):
            return [*out, _p("，".join(x for x in parts if x) + "。", v)]
    if code:
        out.append(f"<p>{e(variant(code_label, v))}：{e(variant(code, v))}</p>")
    if p.legal_rep:
        out.append(f"<p>{e(variant(rep_label, v))}：{e(variant(p.legal_rep, v))}</p>")
    if p.address:
        label = _ADDRESS_LABELS[_pick(record, "address", len(_ADDRESS_LABELS))]
        out.append(f"<p>{e(variant(label, v))}：{e(variant(p.address, v))}</p>")
    return out


def prose_paragraphs(record: Record, v: str) -> list[str]:
    """The document as the bureau signs it: head, party block, facts, provision violated, basis and
    decision, payment and appeal, authority and date. Prior notices propose (拟) and give the
    right to be heard; payment reminders cite the decision and demand the fine."""
    paras = [*_header(record, v), *_party_block(record, v)]
    law, violated = record.violated[0] if record.violated else ("", "")
    if record.doc_kind == "payment_reminder":
        body = [
            record.facts or "",
            "依据《中华人民共和国行政强制法》第三十五条的规定，现催告你单位自收到本催告书之日起十日内缴纳上述罚款及加处的罚款。"
            "逾期仍未履行的，我局将依法申请人民法院强制执行。",
        ]
    else:
        body = [
            "一、环境违法事实和证据",
            record.facts or "",
            "以上事实，有现场检查（勘察）笔录、调查询问笔录、监测报告、现场照片等证据为凭。",
            f"你单位的上述行为违反了{law}{violated}的规定。",
        ]
    if record.doc_kind == "penalty_decision":
        body += [
            "二、行政处罚的依据、种类",
            f"依据{basis_text(record)}的规定，我局决定对你单位作出如下行政处罚：{record.penalty_content}。",
            "三、行政处罚决定的履行方式和期限",
            "你单位应当自收到本处罚决定书之日起十五日内，将罚款缴至指定银行和账号。逾期不缴纳罚款的，"
            "我局将每日按罚款数额的百分之三加处罚款。",
            "四、申请行政复议或者提起行政诉讼的途径和期限",
            "你单位如不服本处罚决定，可以在收到本处罚决定书之日起六十日内申请行政复议，也可以在六个月内"
            "向人民法院提起行政诉讼。",
        ]
    elif record.doc_kind == "prior_notice":
        body += [
            "二、拟作出的行政处罚",
            f"依据{basis_text(record)}的规定，我局拟对你单位作出如下行政处罚：{record.penalty_content}。",
            "三、你单位享有的权利",
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你单位可在收到本告知书之日起五日内"
            "向我局提出陈述、申辩；符合听证条件的，可以要求举行听证。逾期视为放弃上述权利。",
        ]
    elif record.doc_kind == "order_to_correct":
        body += [
            "二、责令改正的依据和内容",
            f"依据{basis_text(record)}的规定，我局{record.penalty_content}。",
            "你单位应当在改正期限届满后五个工作日内，将改正情况书面报告我局。",
        ]
    paras += [f"<p>{e(variant(t, v))}</p>" for t in body]
    paras.append(f'<p style="text-align:right">{e(variant(record.authority, v))}</p>')
    signed = closing_date(record) if _pick(record, "date", 2) else printed_date(record, "decision")
    paras.append(f'<p style="text-align:right">{e(variant(signed, v))}</p>')
    return paras


def key_polluter_table(records: tuple[Record, ...], v: str) -> str:
    head = ("序号", "单位名称", "统一社会信用代码", "所在地", "类别", "地址")
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for i, r in enumerate(records, start=1):
        p = r.party
        cells = (
            str(i),
            variant(p.name, v),
            variant(p.uscc or "", v),
            variant(p.county or p.city or "", v),
            variant(str(r.extra["category"]), v),
            variant(p.address or "", v),
        )
        rows.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
    return '<table class="zdpw" border="1" cellspacing="0">' + "".join(rows) + "</table>"


def _shell(
    source: Source,
    title: str,
    publish: date,
    body: str,
    *,
    charset: str,
    container: str,
    extra_head: str = "",
) -> str:
    header, footer = _chrome(source.authority, source.division_code)
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta charset="{charset}">\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{e(title)}_{e(source.authority)}</title>\n"
        f'<meta name="ArticleTitle" content="{e(title)}">\n'
        f'<meta name="PubDate" content="{publish.isoformat()} 09:30">\n'
        f'<meta name="ContentSource" content="{e(source.authority)}">\n{extra_head}'
        '<link rel="stylesheet" href="/css/style.css">\n</head>\n<body>\n'
        f"{header}"
        f'<div class="main">\n<h1 class="title">{e(title)}</h1>\n'
        f'<div class="info"><span>发布日期：{publish.isoformat()}</span><span>来源：{e(source.authority)}</span></div>\n'
        f'<div class="{container}">\n{body}\n</div>\n</div>\n{footer}</body>\n</html>\n'
    )


SIDEBAR = (
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "依申请公开",
    "环境影响评价",
    "排污许可",
    "环境监测",
    "固体废物管理",
    "辐射安全管理",
    "生态保护",
    "大气环境",
    "水环境",
    "土壤环境",
    "自然生态",
    "应对气候变化",
    "环境执法",
    "信访投诉",
    "建议提案办理",
    "新闻发布",
)


@lru_cache(maxsize=8192)
def _chrome(authority: str, division_code: str) -> tuple[str, str]:
    """Site header (navigation) and footer (side links, notices): the bulk of a real bureau page."""
    nav = "".join(f'<li><a href="/{i}/" target="_self">{n}</a></li>' for i, n in enumerate(NAV))
    side = "".join(f'<li><a href="/xxgk/{i:02d}/" title="{n}">{n}</a></li>' for i, n in enumerate(SIDEBAR))
    header = (
        '<div class="top"><span>欢迎访问' + e(authority) + '网站</span><a href="/wza/">无障碍浏览</a>'
        '<a href="/sitemap/">网站地图</a><a href="/english/">English</a></div>\n'
        f'<div class="header"><div class="logo">{e(authority)}</div>'
        '<form class="search" action="/search/"><input type="text" name="q" placeholder="请输入关键字">'
        f'<input type="submit" value="搜索"></form><ul class="nav">{nav}</ul></div>\n'
        '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政务公开</a> &gt; 行政执法</div>\n'
        f'<div class="side"><h3>信息公开目录</h3><ul>{side}</ul></div>\n'
    )
    links = "".join(
        f'<a href="http://www.{d}.gov.cn/" target="_blank">{n}</a>'
        for d, n in (
            ("mee", "生态环境部"),
            ("gov", "中国政府网"),
            ("cnemc", "中国环境监测总站"),
            ("creditchina", "信用中国"),
            ("12345", "政务服务便民热线"),
        )
    )
    footer = (
        f'<div class="links"><span>相关链接：</span>{links}</div>\n'
        '<div class="share"><span>分享到：</span><a class="wx">微信</a><a class="wb">微博</a>'
        '<a href="javascript:window.print()">打印本页</a><a href="javascript:window.close()">关闭窗口</a></div>\n'
        f'<div class="footer"><p>主办单位：{e(authority)}　承办单位：{e(authority)}信息中心</p>'
        f"<p>地址：{e(authority.removesuffix('生态环境局').removesuffix('生态环境厅'))}人民路{int(division_code[-3:]) + 1}号"
        f"　邮编：{division_code}　电话：0{division_code[:3]}-12369</p>"
        f"<p>网站标识码：{division_code}0001　ICP备案号：京ICP备05000000号　公网安备 {division_code}02000001号</p>"
        "<p>联系电话：12369（环保举报热线）　建议使用1366×768分辨率浏览本站</p>"
        "<p>技术支持：本站信息中心</p></div>\n"
        '<script src="/js/jquery.min.js"></script><script src="/js/common.js"></script>\n'
    )
    return header, footer


def container_class(source: Source, changed: bool) -> str:
    base = {
        Template.TRS_WCM: "TRS_Editor",
        Template.ATTACHMENT: "TRS_Editor",
        Template.HANWEB_JCMS: "zoom",
        Template.HTML_TABLE: "article-content",
    }[source.template]
    return base + "_v2" if changed else base


def html_detail(
    source: Source,
    item: Item,
    records: tuple[Record, ...],
    style: dict[str, str],
    *,
    charset: str,
    layout_changed: bool,
    files: list[tuple[str, str]] | None = None,
) -> str:
    """The detail page of one item. `files` (href, text) makes it an attachment article."""
    v = style["variant"]
    record = records[0]
    title = variant(record.title, v)
    if files is not None:
        links = "".join(
            f'<p class="insertfileTag"><a href="{e(href)}">{e(text)}</a></p>' for href, text in files
        )
        intro = (
            f"<p>{e(variant(f'根据《中华人民共和国政府信息公开条例》，现将{record.title}公开如下：', v))}</p>"
        )
        body = intro + links
    elif source.kind == SourceKind.KEY_POLLUTER_LIST:
        body = (
            f"<p>{e(variant('根据《环境监管重点单位名录管理办法》，现公布名录如下：', v))}</p>"
            + key_polluter_table(records, v)
        )
    else:
        layout = document_layout(record, style, layout_changed)
        if layout == "label_table":
            rows = "".join(
                f'<tr><td class="label">{e(variant(lab, v if v == "traditional" else ""))}</td>'
                f"<td>{e(val)}</td></tr>"
                for lab, val in label_rows(record, v)
            )
            body = f'<table class="{"detail" if not layout_changed else "info-table"}" border="1" cellspacing="0">{rows}</table>'
        else:
            body = "\n".join(prose_paragraphs(record, v))
    cls = container_class(source, layout_changed)
    body_attr = f'id="zoom" class="{cls}"' if source.template == Template.HANWEB_JCMS else ""
    if body_attr:
        return _shell(source, title, item.publish_date, body, charset=charset, container=cls).replace(
            f'<div class="{cls}">', f"<div {body_attr}>", 1
        )
    return _shell(source, title, item.publish_date, body, charset=charset, container=cls)


def document_layout(record: Record, style: dict[str, str], layout_changed: bool) -> str:
    """How an HTML detail page prints its record: the site's label table or decision prose (the
    other one after a layout change); exceedance notices are always tables, prior notices and
    payment reminders always documents."""
    if record.doc_kind == "monitoring_exceedance":
        return "label_table"
    if record.doc_kind in ("prior_notice", "payment_reminder"):
        return "prose"
    layout = style["layout"]
    if layout_changed:
        layout = "prose" if layout == "label_table" else "label_table"
    return layout


def published_kind(source: Source, record: Record, style: dict[str, str], layout_changed: bool) -> str:
    """The kind the published document shows: a penalty printed as a 双公示 label table or a
    credit-portal JSON item is a credit record; every other document is what its record is."""
    if record.doc_kind != "penalty_decision" or source.template == Template.ATTACHMENT:
        return record.doc_kind
    if source.template == Template.JSON_API:
        return "credit_record"
    if source.kind == SourceKind.KEY_POLLUTER_LIST:
        return record.doc_kind
    return "credit_record" if document_layout(record, style, layout_changed) == "label_table" else record.doc_kind


def json_detail(record: Record, style: dict[str, str]) -> dict[str, object]:
    """A 双公示 detail document (CF_* keys) or an enterprise disclosure report."""
    v = style["variant"]
    p = record.party
    if record.doc_kind == "enterprise_disclosure":
        x = record.extra
        return {
            "qymc": variant(p.name, v),
            "tyshxydm": p.uscc,
            "fddbr": p.legal_rep,
            "dz": p.address,
            "bgnd": x["year"],
            "bglx": x["report_type"],
            "fbrq": record.publish_date.isoformat(),
            "wrwpf": [{"wrwmc": r["pollutant"], "pfl_t": r["amount_t"]} for r in x["releases"]],  # type: ignore[union-attr]
            "nyxh_tce": x["energy_tce"],
            "tpf_tco2e": x["carbon_tco2e"],
        }
    if record.doc_kind == "key_polluter_listing":
        return {
            "dwmc": variant(p.name, v),
            "tyshxydm": p.uscc,
            "lb": record.extra["category"],
            "nd": record.extra["year"],
            "dz": p.address,
            "fbrq": record.publish_date.isoformat(),
        }
    if record.doc_kind == "monitoring_exceedance":
        pname, value, limit, unit = record.measurements[0]
        return {
            "qymc": variant(p.name, v),
            "tyshxydm": p.uscc,
            "cbyz": pname,
            "jcz": value,
            "xz": limit,
            "dw": unit,
            "jcrq": printed_date(record),
            "cbqk": record.facts,
            "fbjg": record.authority,
        }
    code_label, code = code_label_and_value(p)
    data: dict[str, object] = {
        "CF_WSH": variant(record.decision_no or "", v),
        "CF_AJMC": variant(f"{p.name}环境违法行为行政处罚案", v),
        "CF_CFLB1": penalty_category(record),
        "CF_SY": variant(record.facts or "", v),
        "CF_YJ": basis_text(record),
        "CF_NR": variant(record.penalty_content or "", v),
        "CF_NR_FK": fine_total_wan(record),
        "CF_JDRQ": json_date(record, style),
        "CF_CFJG": record.authority,
        "CF_XDR_MC": variant(p.name, v),
        "CF_XDR_LB": PARTY_CATEGORY[p.party_type],
        "CF_FR": p.legal_rep or "",
        "CF_XDR_DZ": p.address or "",
        "CF_GSRQ": record.publish_date.isoformat(),
    }
    if code_label == "身份证号码":
        data["CF_XDR_SFZ"] = code
    else:
        data["CF_XDR_SHXYM"] = variant(code, v)
    if record.doc_kind == "order_to_correct":
        data["CF_CFLB1"] = "责令改正"
        data["CF_NR_FK"] = ""
        data["CF_ZGQX"] = record.rectification_deadline.isoformat() if record.rectification_deadline else ""
    return data


def json_date(record: Record, style: dict[str, str]) -> str:
    """Dates JSON APIs print: ISO unless the site uses slashes."""
    return (
        printed_date(record)
        if style["date_style"] in ("iso", "slash")
        else (record.decision_date.isoformat() if record.decision_date else "")
    )
