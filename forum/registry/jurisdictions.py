"""Jurisdictions an applicant may declare, by registry: US states, Indian councils, countries."""
import pycountry

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}

INDIA_COUNCILS = {
    "AP": "Andhra Pradesh Medical Council", "AR": "Arunachal Pradesh Medical Council",
    "AS": "Assam Medical Council", "BR": "Bihar Medical Council",
    "CG": "Chhattisgarh Medical Council", "DL": "Delhi Medical Council",
    "GA": "Goa Medical Council", "GJ": "Gujarat Medical Council",
    "HR": "Haryana Medical Council", "HP": "Himachal Pradesh Medical Council",
    "JK": "Jammu & Kashmir Medical Council", "JH": "Jharkhand Medical Council",
    "KA": "Karnataka Medical Council", "KL": "Travancore Cochin Medical Council (Kerala)",
    "MP": "Madhya Pradesh Medical Council", "MH": "Maharashtra Medical Council",
    "MN": "Manipur Medical Council", "MZ": "Mizoram Medical Council",
    "NL": "Nagaland Medical Council", "OD": "Odisha Council of Medical Registration",
    "PB": "Punjab Medical Council", "RJ": "Rajasthan Medical Council",
    "SK": "Sikkim Medical Council", "TN": "Tamil Nadu Medical Council",
    "TS": "Telangana State Medical Council", "TR": "Tripura State Medical Council",
    "UP": "Uttar Pradesh Medical Council", "UK": "Uttarakhand Medical Council",
    "WB": "West Bengal Medical Council", "NMC": "National Medical Commission (central register)",
}

COUNTRIES = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}

REGISTRY_LABELS = {
    "npi": "US National Provider Identifier (NPPES)",
    "gmc": "UK General Medical Council",
    "nmc": "India National Medical Commission / State Medical Council",
    "other": "Other registry (manual review)",
}

IDENTIFIER_LABELS = {
    "npi": "NPI (10 digits)",
    "gmc": "GMC reference number (7 digits)",
    "nmc": "Council registration number",
    "other": "Licence or registration number",
}


def choices_for(registry):
    """(value, label) pairs of the jurisdictions that fit `registry`."""
    if registry == "npi":
        return [(f"US-{code}", name) for code, name in sorted(US_STATES.items(), key=lambda i: i[1])]
    if registry == "nmc":
        return [(f"IN-{code}", name) for code, name in sorted(INDIA_COUNCILS.items(), key=lambda i: i[1])]
    if registry == "gmc":
        return [("GB", "United Kingdom")]
    return [(code, name) for code, name in sorted(COUNTRIES.items(), key=lambda i: i[1])
            if code not in ("US", "GB", "IN")]


def grouped_choices():
    """All jurisdictions grouped for one <select> with optgroups (WTForms dict choices)."""
    return {
        "United States (NPI)": choices_for("npi"),
        "United Kingdom (GMC)": choices_for("gmc"),
        "India: State Medical Council (NMC)": choices_for("nmc"),
        "Other countries": choices_for("other"),
    }


def fits(registry, jurisdiction) -> bool:
    return any(value == jurisdiction for value, _ in choices_for(registry))


def label(jurisdiction) -> str:
    if not jurisdiction:
        return ""
    if jurisdiction.startswith("US-"):
        return US_STATES.get(jurisdiction[3:], jurisdiction)
    if jurisdiction.startswith("IN-"):
        return INDIA_COUNCILS.get(jurisdiction[3:], jurisdiction)
    return COUNTRIES.get(jurisdiction, jurisdiction)


def us_state(jurisdiction) -> str | None:
    return jurisdiction[3:] if jurisdiction and jurisdiction.startswith("US-") else None
