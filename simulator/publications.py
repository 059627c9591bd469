"""What each source publishes on each day, deterministically from (seed, source id, day).

Day 1 holds the back catalogue; each later day adds new items to some sources, revises a few
(a corrected fine) and takes a few down. Every item carries its canonical records (the truth)
in simplified Chinese; how a site prints them (variants, layouts, formats) is decided here too,
so the truth can state the exact raw strings a page shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from greenchain.ids import sha256_hex
from greenchain.registry import Level, Registry, Source, SourceKind, Template
from greenchain.registry_build import decision_prefix, divisions_by_code
from simulator.codes import USCC_ALPHABET, make_id_card, make_uscc, uscc_check_char
from simulator.companies import Company, division_pool
from simulator.config import FaultMode, SimulatorConfig
from simulator.vocab import (
    DATE_STYLES,
    DISCLOSURE_POLLUTANTS,
    FINE_STYLES,
    INSTITUTIONS,
    KEY_POLLUTER_CATEGORIES,
    SCENARIOS,
    SHOPS,
    format_date,
    format_fine,
    person_name,
    render_decision_no,
)

DOC_KIND = {
    SourceKind.PENALTY_DECISION: "penalty_decision",
    SourceKind.ORDER_TO_CORRECT: "order_to_correct",
    SourceKind.MONITORING_EXCEEDANCE: "monitoring_exceedance",
    SourceKind.KEY_POLLUTER_LIST: "key_polluter_listing",
    SourceKind.ENTERPRISE_DISCLOSURE: "enterprise_disclosure",
}


ATTACHMENT_TITLES = {
    SourceKind.PENALTY_DECISION: "行政处罚案件信息公开表",
    SourceKind.ORDER_TO_CORRECT: "责令改正违法行为信息公开表",
    SourceKind.MONITORING_EXCEEDANCE: "重点排污单位自动监测超标情况",
    SourceKind.KEY_POLLUTER_LIST: "环境监管重点单位名录",
    SourceKind.ENTERPRISE_DISCLOSURE: "企业环境信息依法披露汇总",
}


@dataclass(frozen=True)
class Party:
    name: str
    party_type: str  # normalize.record.PartyType values
    uscc: str | None  # as printed (valid, invalid, masked or pilot)
    uscc_status: str  # normalize.record.UsccStatus values
    legal_rep: str | None
    address: str | None
    division_code: str
    province: str | None
    city: str | None
    county: str | None
    company_id: str | None = None  # the registry company behind the party, when there is one
    id_no: str | None = None  # natural persons: the ID number the page prints (downstream masks it)


@dataclass(frozen=True)
class Fine:
    amount_yuan: int
    raw: str


@dataclass(frozen=True)
class Record:
    """One published record in canonical (simplified) text; the truth behind every rendering."""

    doc_kind: str
    title: str
    party: Party
    authority: str
    publish_date: date
    decision_no: str | None = None  # as generated, before any print variant
    decision_date: date | None = None
    violation_types: tuple[str, ...] = ()
    pollutants: tuple[str, ...] = ()
    measurements: tuple[tuple[str, float, float, str], ...] = ()  # (printed pollutant, value, limit, unit)
    legal_basis: tuple[tuple[str, str], ...] = ()  # (law, article)
    violated: tuple[tuple[str, str], ...] = ()  # (law, article) the facts break
    penalty_kinds: tuple[str, ...] = ()
    fines: tuple[Fine, ...] = ()
    rectification_deadline: date | None = None
    facts: str | None = None
    penalty_content: str | None = None
    date_style: str = "ymd_cn"
    extra: dict[str, object] = field(default_factory=dict)
    fines_on_persons: tuple[Fine, ...] = ()  # 双罚制: on the directly responsible person, not the party
    proposed_fine_yuan: int | None = None  # a prior notice's proposed fine (拟…): not imposed

    @property
    def fine_yuan(self) -> int | None:
        """The fines imposed on the party (a responsible person's fine is not the party's)."""
        return sum(f.amount_yuan for f in self.fines) if self.fines else None


@dataclass(frozen=True)
class Item:
    """One list entry of a source: a detail page, a JSON document, or an article with attachments."""

    source_id: str
    seq: int
    first_day: int
    publish_date: date
    key: str  # stable hex, used in URLs
    revised_day: int | None = None
    takedown_day: int | None = None
    republish_of: tuple[str, int] | None = None  # (source id, seq) of the original decision

    def live(self, day: int) -> bool:
        return self.first_day <= day and (self.takedown_day is None or day < self.takedown_day)

    def revised(self, day: int) -> bool:
        return self.revised_day is not None and day >= self.revised_day

    @property
    def doc_number(self) -> int:
        """Numeric document id used in TRS/Hanweb/table URLs."""
        return 1_000_000 + int(self.key[:8], 16) % 8_999_999


class Publisher:
    """The publications of every source of a registry, for one seed and company universe."""

    def __init__(
        self,
        registry: Registry,
        config: SimulatorConfig,
        seed: int = 0,
        n_companies: int = 20000,
        faults: dict[str, FaultMode] | None = None,
    ) -> None:
        self.registry = registry
        self.faults = faults or {}
        self.sources = registry.by_id()
        self.config = config
        self.seed = seed
        self.n_companies = n_companies
        self._items = lru_cache(maxsize=16384)(self._items_uncached)
        self._records = lru_cache(maxsize=65536)(self._records_uncached)
        self._pools: dict[str, list[Company]] = {}
        self._city_penalty: dict[str, list[str]] = {}
        for s in registry.active():
            if (
                s.kind == SourceKind.PENALTY_DECISION
                and s.level == Level.PREFECTURE
                and s.template not in (Template.ATTACHMENT,)
                and not s.id.endswith("-sgs")
            ):
                self._city_penalty.setdefault(s.division_code[:2], []).append(s.id)

    # --- randomness -------------------------------------------------------------------------
    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def day_date(self, day: int) -> date:
        return self.config.day1_date + timedelta(days=day - 1)

    # --- per-source style -------------------------------------------------------------------
    def style(self, source_id: str) -> dict[str, str]:
        """Print habits of a site: layout, date and fine formats, text variant."""
        rng = self.rng("style", source_id)
        variant = ""
        if rng.random() < self.config.content.variant_share:
            variant = rng.choice(("traditional", "fullwidth", "spaces"))
        return {
            "layout": rng.choice(("label_table", "label_table", "prose")),
            "date_style": rng.choice(DATE_STYLES),
            "fine_style": rng.choice(FINE_STYLES),
            "variant": variant,
        }

    # --- how many items and when -----------------------------------------------------------
    def catalogue_size(self, s: Source) -> int:
        c = self.config.catalogue
        rng = self.rng("catalogue", s.id)
        if s.min_items == 0 and rng.random() < c.empty_share_when_allowed:
            return 0
        if rng.random() < c.large_share:
            return rng.randint(*c.large_items)
        mean = c.mean_items / (2.5 if s.template == Template.ATTACHMENT else 1)
        n = int(rng.expovariate(1 / mean)) + 1
        return max(n, s.min_items)

    def new_on_day(self, s: Source, day: int) -> int:
        if day <= 1:
            return 0
        rng = self.rng("daily", s.id, day)
        if rng.random() >= self.config.daily.publishing_share:
            return 0
        return rng.randint(*self.config.daily.new_items)

    def items(self, source_id: str, day: int) -> tuple[Item, ...]:
        """Every item the source has ever published up to `day` (live or not), oldest first."""
        return self._items(source_id, day)

    def live_items(self, source_id: str, day: int) -> list[Item]:
        """What the list shows on `day`, newest first."""
        return [i for i in reversed(self.items(source_id, day)) if i.live(day)]

    def _items_uncached(self, source_id: str, day: int) -> tuple[Item, ...]:
        s = self.sources[source_id]
        if day > 1:
            prev = list(self._items(source_id, day - 1))
            for _ in range(self.new_on_day(s, day)):
                prev.append(self._item(s, len(prev), day, self.day_date(day)))
            return tuple(prev)
        n = self.catalogue_size(s)
        rng = self.rng("dates", s.id)
        span = 365 * self.config.catalogue.years_back
        offsets = sorted((rng.randint(1, span) for _ in range(n)), reverse=True)
        return tuple(
            self._item(s, k, 1, self.day_date(1) - timedelta(days=off)) for k, off in enumerate(offsets)
        )

    def _item(self, s: Source, seq: int, first_day: int, published: date) -> Item:
        d = self.config.daily
        rng = self.rng("fate", s.id, seq)
        revised = takedown = None
        r = rng.random()
        if r < d.revised_share:
            revised = first_day + rng.randint(1, d.fate_within_days)
        elif r < d.revised_share + d.taken_down_share:
            takedown = first_day + rng.randint(1, d.fate_within_days)
        mode = self.faults.get(s.id, FaultMode.NONE)
        if mode == FaultMode.TAKEDOWN and first_day == 1 and seq % 2 == 0:
            revised, takedown = None, self.config.fault_params.layout_change_day
        republish = None
        can_repost = s.kind == SourceKind.PENALTY_DECISION and s.template != Template.ATTACHMENT
        if (
            can_repost
            and mode == FaultMode.DUPLICATE_ACROSS_SITES
            or can_repost
            and s.level == Level.PROVINCE
            and rng.random() < d.republished_share
        ):
            republish = self._pick_original(s, rng)
        key = sha256_hex(f"{self.seed}:{s.id}:{seq}".encode())[:16]
        return Item(s.id, seq, first_day, published, key, revised, takedown, republish)

    def _pick_original(self, s: Source, rng: random.Random) -> tuple[str, int] | None:
        # Originals never repost themselves, so a chain of reposts cannot loop.
        cities = [
            c
            for c in self._city_penalty.get(s.division_code[:2], [])
            if c != s.id and self.faults.get(c) != FaultMode.DUPLICATE_ACROSS_SITES
        ]
        if not cities:
            return None
        city = self.sources[rng.choice(cities)]
        n = self.catalogue_size(city)
        return (city.id, rng.randrange(n)) if n else None

    # --- records ------------------------------------------------------------------------------
    def records(self, item: Item, day: int) -> tuple[Record, ...]:
        """The records an item shows on `day` (revised values from its revision day on)."""
        return self._records(item, item.revised(day))

    def _records_uncached(self, item: Item, revised: bool) -> tuple[Record, ...]:
        s = self.sources[item.source_id]
        if item.republish_of is not None:
            orig_sid, orig_seq = item.republish_of
            orig = self.items(orig_sid, 1)[orig_seq]
            base = self._records(orig, False)
            return tuple(replace(r, publish_date=item.publish_date) for r in base)
        rng = self.rng("record", s.id, item.seq)
        style = self.style(s.id)
        rows = 1
        if s.template == Template.ATTACHMENT:
            rows = rng.randint(3, 12) * (1 if s.kind != SourceKind.KEY_POLLUTER_LIST else 2)
        elif s.kind == SourceKind.KEY_POLLUTER_LIST and s.template != Template.JSON_API:
            rows = rng.randint(4, 15)  # one article lists many firms in an HTML table
        out = []
        for row in range(rows):
            r = self._record(s, item, row, self.rng("row", s.id, item.seq, row), style)
            if revised and r.fines:
                # A correction notice: the fine was mis-typed and is re-published.
                amount = max(1000, int(r.fines[0].amount_yuan * 0.8) // 1000 * 1000)
                fine = Fine(amount, format_fine(amount, style["fine_style"]))
                content = r.penalty_content.replace(r.fines[0].raw, fine.raw) if r.penalty_content else None
                r = replace(r, fines=(fine, *r.fines[1:]), penalty_content=content)
            out.append(r)
        if s.template == Template.ATTACHMENT:
            # One monthly article carries the rows; its title is the article's, not a decision's.
            title = f"{item.publish_date.year}年{item.publish_date.month}月{ATTACHMENT_TITLES[s.kind]}"
            out = [replace(r, title=title) for r in out]
        return tuple(out)

    def party_pool(self, division_code: str) -> list[Company]:
        """Companies of the universe in the division; the city's or province's when it has none."""
        if division_code not in self._pools:
            d = divisions_by_code()[division_code]
            pool: list[Company] = []
            for code in (division_code, d.city_code, d.province_code):
                if code and not pool:
                    pool = division_pool(code, self.n_companies, self.seed)
            self._pools[division_code] = pool
        return self._pools[division_code]

    def _party(self, s: Source, rng: random.Random) -> Party:
        mix = self.config.content.party
        d = divisions_by_code()[s.division_code]
        r = rng.random()
        allowed_people = s.kind in (SourceKind.PENALTY_DECISION, SourceKind.ORDER_TO_CORRECT)
        place = d.county or d.city or d.province
        if allowed_people and r < mix.sole_proprietor:
            person = person_name(rng)
            name = f"{d.city or d.province}{d.county or ''}{person}{rng.choice(SHOPS)}"
            body = f"{int(rng.random() * 1e8):08d}"
            code = make_uscc("9", "2", s.division_code, body)
            return Party(
                name,
                "sole_proprietor",
                code,
                "valid",
                person,
                None,
                s.division_code,
                d.province,
                d.city,
                d.county,
            )
        if allowed_people and r < mix.sole_proprietor + mix.individual:
            person = person_name(rng)
            birth = date(1955, 1, 1) + timedelta(days=rng.randint(0, 16000))
            id_no = make_id_card(s.division_code, birth.strftime("%Y%m%d"), f"{rng.randint(0, 999):03d}")
            if int(sha256_hex(id_no.encode())[:4], 16) < 65536 * self.config.content.masked_person_share:
                person = person[0] + "*" * (len(person) - 1)  # published masked: 王**
            return Party(
                person,
                "individual",
                None,
                "absent",
                None,
                f"{place}{rng.randint(1, 300)}号",
                s.division_code,
                d.province,
                d.city,
                d.county,
                id_no=id_no,
            )
        institution_below = (
            mix.sole_proprietor + mix.individual if allowed_people else 0
        ) + mix.public_institution
        if r < institution_below:
            name = f"{d.city or d.province}{rng.choice(INSTITUTIONS)}"
            body = f"{int(rng.random() * 1e8):08d}"
            code = make_uscc("1", "2", s.division_code, body)
            return Party(
                name,
                "public_institution",
                code,
                "valid",
                person_name(rng),
                None,
                s.division_code,
                d.province,
                d.city,
                d.county,
            )
        pool = self.party_pool(s.division_code)
        c = pool[int(rng.random() * len(pool))]
        code, status = self._printed_uscc(c.uscc, s, rng)
        legal_rep = person_name(random.Random(c.company_id))  # stable per company
        return Party(
            c.name,
            "company",
            code,
            status,
            legal_rep,
            c.address,
            c.division_code,
            c.province,
            c.city,
            c.county,
            company_id=c.company_id,
        )

    def _printed_uscc(self, uscc: str, s: Source, rng: random.Random) -> tuple[str | None, str]:
        m = self.config.content.uscc
        r = rng.random()
        if s.division_code.startswith("35") and r < m.pilot_in_fujian:
            # Early Fujian pilot codes: legal, but the check character does not verify.
            body = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
            code = f"9135{s.division_code[2:4]}00{body}"
            bad = [c for c in USCC_ALPHABET if c != uscc_check_char(code)]
            return code + rng.choice(bad), "pilot"
        if r < m.invalid:
            wrong = [c for c in USCC_ALPHABET if c != uscc[-1]]
            return uscc[:-1] + rng.choice(wrong), "invalid"
        if r < m.invalid + m.masked:
            return uscc[:4] + "*" * 10 + uscc[-4:], "masked"
        if r < m.invalid + m.masked + 0.03:
            return None, "absent"
        return uscc, "valid"

    def _record(self, s: Source, item: Item, row: int, rng: random.Random, style: dict[str, str]) -> Record:
        party = self._party(s, rng)
        kind = DOC_KIND[s.kind]
        published = item.publish_date
        if s.kind == SourceKind.KEY_POLLUTER_LIST:
            year = published.year
            category = rng.choice(KEY_POLLUTER_CATEGORIES)
            return Record(
                kind,
                f"{year}年{s.authority.removesuffix('生态环境局').removesuffix('生态环境厅')}环境监管重点单位名录",
                party,
                s.authority,
                published,
                date_style=style["date_style"],
                extra={"category": category, "year": year},
            )
        if s.kind == SourceKind.ENTERPRISE_DISCLOSURE:
            year = published.year - 1
            picks = rng.sample(DISCLOSURE_POLLUTANTS, rng.randint(1, 3))
            releases = [
                {"pollutant": name, "code": code, "amount_t": round(rng.uniform(0.05, 120), 3)}
                for code, name, _, _ in picks
            ]
            extra = {
                "year": year,
                "releases": releases,
                "energy_tce": round(rng.uniform(200, 90000), 1),
                "carbon_tco2e": round(rng.uniform(500, 250000), 1),
                "report_type": rng.choice(("年度报告", "临时报告")),
            }
            return Record(
                kind,
                f"{party.name}{year}年度环境信息依法披露报告",
                party,
                s.authority,
                published,
                pollutants=tuple(sorted({p["code"] for p in releases})),
                date_style="iso",
                extra=extra,
            )
        scenario = rng.choice(SCENARIOS)
        decided = published - timedelta(days=rng.randint(1, 20))
        inspected = decided - timedelta(days=rng.randint(20, 90))
        measurements: tuple[tuple[str, float, float, str], ...] = ()
        pollutants: tuple[str, ...] = ()
        fill = {
            "date": format_date(inspected, "ymd_cn"),
            "pollutant": "",
            "value": "",
            "limit": "",
            "unit": "",
            "times": "",
        }
        if scenario.pollutants:
            code, pname, unit, limit = rng.choice(scenario.pollutants)
            times = round(rng.uniform(0.1, 4.0), 2)
            value = round(limit * (1 + times), 2)
            measurements = ((pname, value, limit, unit),)
            pollutants = (code,)
            fill.update(
                pollutant=pname, value=f"{value:g}", limit=f"{limit:g}", unit=unit, times=f"{times:g}"
            )
        facts = scenario.facts.format(**fill)
        if s.kind == SourceKind.MONITORING_EXCEEDANCE:
            if not measurements:
                code, pname, unit, limit = rng.choice(SCENARIOS[0].pollutants + SCENARIOS[1].pollutants)
                times = round(rng.uniform(0.1, 3.0), 2)
                measurements = ((pname, round(limit * (1 + times), 2), limit, unit),)
                pollutants = (code,)
            pname, value, limit, unit = measurements[0]
            outlet = rng.choice(("废气排放口DA001", "废水总排口DW001", "锅炉烟囱", "污水处理站出口"))
            facts = (
                f"{format_date(decided, 'ymd_cn')}，{outlet}{pname}日均值{value:g}{unit}，"
                f"超过排放限值{limit:g}{unit}，超标{round(value / limit - 1, 2):g}倍。"
            )
            return Record(
                kind,
                f"关于{party.name}{pname}超标排放情况的通报",
                party,
                s.authority,
                published,
                decision_date=decided,
                violation_types=("exceeding_limits",),
                pollutants=pollutants,
                measurements=measurements,
                facts=facts,
                date_style=style["date_style"],
                extra={"outlet": outlet},
            )
        d = divisions_by_code()[s.division_code]
        # Real authorities number decisions uniquely (per year); a clash would make two decisions one
        # record. One block of serials per item, one serial per attachment row.
        rng.random()  # keeps the draws after it (and so every other value) as they were
        serial = item.seq * 16 + row + 1
        decision_no = render_decision_no(decision_prefix(d, s.kind), decided.year, serial, rng)
        violated = ((scenario.law, scenario.violated_article),)
        basis = ((scenario.law, scenario.penalty_article),)
        if s.kind == SourceKind.ORDER_TO_CORRECT:
            deadline = decided + timedelta(days=rng.choice((15, 30, 60, 90)))
            content = f"责令你单位立即改正违法行为，并于{format_date(deadline, 'ymd_cn')}前完成整改"
            return Record(
                kind,
                f"{party.name}责令改正违法行为决定书",
                party,
                s.authority,
                published,
                decision_no,
                decided,
                (scenario.violation,),
                pollutants,
                measurements,
                basis,
                violated,
                ("order_to_correct",),
                (),
                deadline,
                facts,
                content,
                style["date_style"],
            )
        low, high = scenario.fine_wan
        amounts = [int(rng.uniform(low, high) * 10) * 1000]
        if rng.random() < self.config.content.multi_fine_share:
            amounts.append(int(rng.uniform(1, 10)) * 10000)
        printed = tuple(Fine(a, format_fine(a, style["fine_style"])) for a in amounts)
        fines, on_persons = printed[:1], printed[1:]
        kinds = ["fine"]
        parts = [fines[0].raw]
        if on_persons:
            parts.append(f"对直接负责的主管人员处{on_persons[0].raw}")
        if scenario.extra_kind == "suspend_production" and rng.random() < 0.5:
            kinds.append("suspend_production")
            parts.append("责令停产整治")
        if scenario.extra_kind == "detention_referral" and rng.random() < 0.5:
            kinds.append("detention_referral")
            parts.append("移送公安机关行政拘留")
        content = "；".join(parts)
        title = rng.choice(
            (
                f"{party.name}行政处罚决定书",
                f"行政处罚决定书（{decision_no}）",
                f"关于对{party.name}的行政处罚决定",
            )
        )
        record = Record(
            kind,
            title,
            party,
            s.authority,
            published,
            decision_no,
            decided,
            (scenario.violation,),
            pollutants,
            measurements,
            basis,
            violated,
            tuple(kinds),
            fines,
            None,
            facts,
            content,
            style["date_style"],
            fines_on_persons=on_persons,
        )
        return self._as_published(s, item, row, record, d)

    def _as_published(self, s: Source, item: Item, row: int, record: Record, d: object) -> Record:
        """Some decision documents a site publishes are not decisions: the prior notice that proposed
        the penalty (事先告知书) or the reminder to pay it (催告书). They keep their own draws, so
        every other record stays as it was."""
        c = self.config.content
        if s.template in (Template.ATTACHMENT, Template.JSON_API) or row or not (c.notice_share or c.reminder_share):
            return record
        frng = self.rng("form", s.id, item.seq)
        r = frng.random()
        if r >= c.notice_share + c.reminder_share:
            return record
        prefix = decision_prefix(d, s.kind)  # type: ignore[arg-type]
        assert record.decision_date is not None and record.decision_no is not None
        year, serial = record.decision_date.year, item.seq * 16 + 1

        def as_kind(kind: str, title: str, infix: str, **changes: object) -> Record:
            number = render_decision_no(prefix.replace("环罚", infix), year, serial, frng)
            return replace(record, doc_kind=kind, title=f"{record.party.name}{title}", decision_no=number,
                           fines=(), fines_on_persons=(), **changes)  # type: ignore[arg-type]  # fmt: skip

        if r < c.notice_share:
            proposed = sum(f.amount_yuan for f in (*record.fines, *record.fines_on_persons))
            return as_kind("prior_notice", "行政处罚事先（听证）告知书", "环罚告", proposed_fine_yuan=proposed)
        decided = record.decision_date - timedelta(days=frng.randint(40, 90))
        facts = (
            f"我局于{format_date(decided, 'ymd_cn')}对你单位作出《行政处罚决定书》（{record.decision_no}），"
            f"决定对你单位{record.fines[0].raw}。你单位收到该决定书后，至今未履行缴纳罚款义务。"
        )
        return as_kind(
            "payment_reminder", "行政处罚决定履行催告书", "环罚催", violation_types=(), pollutants=(), measurements=(),
            legal_basis=(), violated=(), penalty_kinds=(), facts=facts, penalty_content=None,
            extra={"cited_decision_no": record.decision_no, "cited_fine": record.fines[0].raw},
        )  # fmt: skip
