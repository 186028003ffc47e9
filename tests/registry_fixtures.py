"""Synthetic registry files for tests and benchmarks: the real 330-column NPPES layout, the
fictional sample rows in it, GMC/NMC CSVs and NPI Registry API answers."""
import csv
import io
from pathlib import Path

from forum.registry.identifiers import npi_check_digit

SAMPLE = Path(__file__).resolve().parent.parent / "forum" / "demo" / "nppes_sample.csv"


def _address(kind: str) -> list[str]:
    return [f"Provider First Line {kind}", f"Provider Second Line {kind}", f"Provider {kind} City Name",
            f"Provider {kind} State Name", f"Provider {kind} Postal Code",
            f"Provider {kind} Country Code (If outside U.S.)", f"Provider {kind} Telephone Number",
            f"Provider {kind} Fax Number"]


def nppes_columns(sex_header: str = "Provider Sex Code") -> list[str]:
    """The NPPES data dissemination header, in the real order (older files: Provider Gender Code)."""
    columns = ["NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
               "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
               "Provider First Name", "Provider Middle Name", "Provider Name Prefix Text",
               "Provider Name Suffix Text", "Provider Credential Text", "Provider Other Organization Name",
               "Provider Other Organization Name Type Code", "Provider Other Last Name",
               "Provider Other First Name", "Provider Other Middle Name", "Provider Other Name Prefix Text",
               "Provider Other Name Suffix Text", "Provider Other Credential Text",
               "Provider Other Last Name Type Code"]
    columns += _address("Business Mailing Address") + _address("Business Practice Location Address")
    columns += ["Provider Enumeration Date", "Last Update Date", "NPI Deactivation Reason Code",
                "NPI Deactivation Date", "NPI Reactivation Date", sex_header,
                "Authorized Official Last Name", "Authorized Official First Name",
                "Authorized Official Middle Name", "Authorized Official Title or Position",
                "Authorized Official Telephone Number"]
    for i in range(1, 16):
        columns += [f"Healthcare Provider Taxonomy Code_{i}", f"Provider License Number_{i}",
                    f"Provider License Number State Code_{i}", f"Healthcare Provider Primary Taxonomy Switch_{i}"]
    for i in range(1, 51):
        columns += [f"Other Provider Identifier_{i}", f"Other Provider Identifier Type Code_{i}",
                    f"Other Provider Identifier State_{i}", f"Other Provider Identifier Issuer_{i}"]
    columns += ["Is Sole Proprietor", "Is Organization Subpart", "Parent Organization LBN",
                "Parent Organization TIN", "Authorized Official Name Prefix Text",
                "Authorized Official Name Suffix Text", "Authorized Official Credential Text"]
    columns += [f"Healthcare Provider Taxonomy Group_{i}" for i in range(1, 16)]
    columns += ["Certification Date"]
    return columns


NPPES_COLUMNS = nppes_columns()
assert len(NPPES_COLUMNS) == 330


def quoted_line(values: list[str]) -> str:
    """One row as NPPES writes it: every value in double quotes, embedded quotes doubled."""
    return ",".join('"' + value.replace('"', '""') + '"' for value in values) + "\n"


def sample_rows() -> list[dict]:
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def nppes_text(rows: list[dict], columns: list[str] | None = None) -> str:
    """A full-width NPPES file holding `rows` (dicts by column name; absent columns empty)."""
    columns = columns or NPPES_COLUMNS
    out = io.StringIO()
    out.write(quoted_line(columns))
    for row in rows:
        out.write(quoted_line([row.get(column, "") for column in columns]))
    return out.getvalue()


def write_nppes(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    path.write_text(nppes_text(rows, columns), encoding="utf-8")
    return path


def physician_row(npi: str, last: str, first: str, taxonomy: str = "207R00000X", state: str = "MA",
                  **extra) -> dict:
    row = {"NPI": npi, "Entity Type Code": "1", "Provider Last Name (Legal Name)": last,
           "Provider First Name": first, "Provider Credential Text": "MD",
           "Provider Enumeration Date": "01/02/2010", "Last Update Date": "03/04/2024",
           "Healthcare Provider Taxonomy Code_1": taxonomy, "Provider License Number_1": "L1",
           "Provider License Number State Code_1": state, "Healthcare Provider Primary Taxonomy Switch_1": "Y",
           "Provider Business Practice Location Address State Name": state}
    row.update(extra)
    return row


def valid_npi(base: int) -> str:
    """A check-digit-valid NPI from a number below 10**8 (prefixed with 1)."""
    base9 = f"1{base:08d}"
    return base9 + str(npi_check_digit(base9))


def gmc_csv(rows: list[tuple], header=("gmc_ref", "surname", "given_names", "status")) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


NMC_HEADER = ("council", "registration_no", "year", "first_name", "middle_name", "last_name",
              "father_name", "qualification", "removed")


def nmc_csv(rows: list[tuple], header=NMC_HEADER) -> str:
    return gmc_csv(rows, header)


def api_result(npi: str, last: str = "QUILLFEATHER", first: str = "AMELIA", taxonomies=None,
               number_as_int: bool = False, enumeration_type: str = "NPI-1", **basic) -> dict:
    """An NPI Registry API v2.1 answer for one provider."""
    return {"result_count": 1, "results": [{
        "number": int(npi) if number_as_int else npi, "enumeration_type": enumeration_type,
        "basic": {"first_name": first, "last_name": last, "middle_name": "J", "credential": "M.D.",
                  "status": "A", "name_prefix": "--", "name_suffix": "--", **basic},
        "taxonomies": taxonomies if taxonomies is not None else [
            {"code": "207R00000X", "desc": "Internal Medicine", "primary": True, "state": "MA",
             "license": "MD000001"}],
        "addresses": [{"address_purpose": "LOCATION", "city": "BOSTON", "state": "MA"}],
        "other_names": [],
    }]}
