"""The fixed specialty list, from the NUCC 'Allopathic & Osteopathic Physicians' taxonomy."""

SPECIALTIES = {
    "207K00000X": "Allergy & Immunology",
    "207L00000X": "Anesthesiology",
    "207N00000X": "Dermatology",
    "207P00000X": "Emergency Medicine",
    "207Q00000X": "Family Medicine",
    "207R00000X": "Internal Medicine",
    "207RA0000X": "Adolescent Medicine",
    "207RC0000X": "Cardiovascular Disease",
    "207RE0101X": "Endocrinology, Diabetes & Metabolism",
    "207RG0100X": "Gastroenterology",
    "207RG0300X": "Geriatric Medicine",
    "207RH0003X": "Hematology & Oncology",
    "207RI0200X": "Infectious Disease",
    "207RN0300X": "Nephrology",
    "207RP1001X": "Pulmonary Disease",
    "207RC0200X": "Critical Care Medicine",
    "207RR0500X": "Rheumatology",
    "207RX0202X": "Medical Oncology",
    "207SG0201X": "Clinical Genetics",
    "207T00000X": "Neurological Surgery",
    "207U00000X": "Nuclear Medicine",
    "207V00000X": "Obstetrics & Gynecology",
    "207W00000X": "Ophthalmology",
    "207X00000X": "Orthopaedic Surgery",
    "207Y00000X": "Otolaryngology",
    "207ZP0102X": "Anatomic & Clinical Pathology",
    "208000000X": "Pediatrics",
    "2080P0216X": "Pediatric Cardiology",
    "208100000X": "Physical Medicine & Rehabilitation",
    "208200000X": "Plastic Surgery",
    "2083P0500X": "Preventive Medicine",
    "2084N0400X": "Neurology",
    "2084P0800X": "Psychiatry",
    "2085R0202X": "Diagnostic Radiology",
    "2085R0001X": "Radiation Oncology",
    "208600000X": "Surgery",
    "2086S0129X": "Vascular Surgery",
    "208800000X": "Urology",
    "208C00000X": "Colon & Rectal Surgery",
    "208D00000X": "General Practice",
    "208G00000X": "Thoracic Surgery",
    "208M00000X": "Hospitalist",
    "208VP0000X": "Pain Medicine",
    "2086S0120X": "Pediatric Surgery",
    "204E00000X": "Oral & Maxillofacial Surgery",
    "390200000X": "Physician in training (resident or fellow)",
}


def choices():
    return sorted(SPECIALTIES.items(), key=lambda item: item[1])


def label(code) -> str:
    return SPECIALTIES.get(code, code or "")
