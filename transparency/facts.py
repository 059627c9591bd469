"""The catalogue of evidence facts a methodology tier may require.

A fact is one named value per brand and period, from one of three sources: the warehouse
(transparency/sql/brand_evidence.sql), the brand's questionnaire (config/brands/questionnaires/),
or derived from questionnaire figures (transparency/questionnaire.py). The methodology loader
rejects a tier that names a fact not listed here, so a typo fails at load time, not as zero points.
A fact is None when there is no evidence (no questionnaire, no violating suppliers to share over…);
a condition on a None fact is false: no evidence, no points.
"""

from __future__ import annotations

from typing import Literal

FactValue = float | int | bool | str | None
Source = Literal["warehouse", "questionnaire", "derived"]

WAREHOUSE_FACTS: dict[str, str] = {
    "suppliers_listed": "supplier rows on the brand's published list",
    "suppliers_screened": "supplier rows matched to a registry company (so their violations can be found)",
    "screened_share": "suppliers_screened / suppliers_listed",
    "violating_suppliers": "distinct screened supplier companies with a violation decided in the period",
    "violating_share": "violating_suppliers / distinct screened supplier companies",
    "explained_share": "share of violating suppliers that published an explanation for every violation",
    "corrected_share": "share of violating suppliers that published corrective action for every violation",
    "audited_share": "share of violating suppliers with a third-party audit for every violation",
    "resolved_share": "share of violating suppliers whose every violation is resolved",
    "median_days_to_resolution": "median days from decision to 'resolved' over the brand's resolved violations",
    "pollutant_disclosure_share": "share of screened supplier companies that disclosed pollutant release data for the year",
    "energy_carbon_disclosure_share": "share of screened supplier companies that disclosed energy/carbon data for the year",
    "max_tier_listed": "deepest supplier tier on the brand's list (1 = direct suppliers)",
    "upstream_tier_share": "share of listed suppliers at tier 2 or deeper",
}

QUESTIONNAIRE_FACTS: dict[str, str] = {
    "enquiry_response": "answer to NGO enquiries about supplier violations: none | acknowledged | detailed",
    "supplier_list_published": "supplier list published: none | tier1 | upstream",
    "supplier_env_data_published": "brand publishes its suppliers' environmental data (true/false)",
    "screening_mechanism": "how supplier violations are screened: none | manual | periodic | automated",
    "requires_public_explanation": "brand requires violating suppliers to explain and correct publicly",
    "chemicals_policy": "supplier chemicals management policy",
    "chemicals_mrsl": "suppliers bound by a manufacturing restricted substances list",
    "chemicals_data_disclosed": "suppliers' chemical inventories or wastewater chemical tests disclosed",
    "wastewater_testing": "suppliers' wastewater tested and results checked",
    "wastewater_names_treatment_plant": "the treatment plant receiving each supplier's wastewater is named",
    "hazardous_waste_tracked": "suppliers' hazardous waste tracked to disposal",
    "waste_contractors_verified": "waste disposal contractors' licences verified",
    "logistics_emissions_tracked": "logistics emissions measured",
    "logistics_targets": "logistics emission targets set",
    "suppliers_screen_own_suppliers": "key suppliers required to screen their own suppliers",
    "requires_prtr_disclosure": "suppliers required to publish pollutant release (PRTR) data",
    "climate_policy": "published climate policy",
    "climate_board_oversight": "board-level oversight of climate",
    "climate_exec_incentives": "executive pay linked to climate goals",
    "emissions_verified": "scope 1–3 figures verified by a third party",
    "target_sbti_validated": "emission target validated by SBTi",
    "target_scope3": "a scope 3 (supply chain) emission target",
    "renewable_electricity_pct": "renewable share of the brand's own electricity, percent",
    "suppliers_with_targets_pct": "percent of key suppliers (by spend) with their own climate targets",
    "supplier_energy_program": "programme helping suppliers cut energy use",
}

DERIVED_FACTS: dict[str, str] = {
    "scope12_disclosed": "scope 1 and scope 2 emissions both reported",
    "scope3_disclosed": "scope 3 emissions reported",
    "has_scope12_target": "a scope 1+2 reduction target with base and target year",
    "scope12_reduction_pct": "scope 1+2 reduction since the target's base year, percent",
    "target_progress": "scope12_reduction_pct / reduction due by now on a straight line to the target (1 = on track)",
}

FACTS: dict[str, tuple[Source, str]] = {
    **{k: ("warehouse", v) for k, v in WAREHOUSE_FACTS.items()},
    **{k: ("questionnaire", v) for k, v in QUESTIONNAIRE_FACTS.items()},
    **{k: ("derived", v) for k, v in DERIVED_FACTS.items()},
}
