"""Synthetic but realistic forum text for bench/seed_forum.py: member names, thread titles and
Markdown post bodies built from a vocabulary of de-identified clinical and practice phrases.

Everything is driven by the `random.Random` passed in, so a seed reproduces the same forum.
"""
import random

FIRST_NAMES = (
    "Amelia", "Rafael", "Mei", "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
    "Linda", "Priya", "Wei", "Olusegun", "Aisha", "Mohammed", "Fatima", "Carlos", "Lucia", "Sofia",
    "Mateo", "Hannah", "Lukas", "Emma", "Noah", "Olivia", "Liam", "Ava", "Ethan", "Isabella",
    "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Deepa", "Sanjay", "Meera", "Rahul", "Nisha",
    "Hiroshi", "Yuki", "Kenji", "Sakura", "Min-jun", "Seo-yeon", "Ji-ho", "Hye-jin", "Thanh", "Linh",
    "Chinedu", "Ngozi", "Kwame", "Ama", "Tendai", "Zanele", "Youssef", "Leila", "Omar", "Yasmin",
    "Dmitri", "Anastasia", "Ivan", "Katarzyna", "Piotr", "Agnieszka", "Jan", "Eva", "Tomas", "Ingrid",
    "Lars", "Astrid", "Sven", "Freya", "Niamh", "Siobhan", "Declan", "Ciaran", "Aoife", "Eoin",
    "Catherine", "David", "Sarah", "Daniel", "Rebecca", "Samuel", "Rachel", "Benjamin", "Leah",
    "Gabriel", "Miriam", "Elena", "Marco", "Giulia", "Francesca", "Alessandro", "Chiara", "Pablo",
    "Ines", "Joao", "Beatriz", "Tiago", "Camila", "Diego", "Valentina", "Andres", "Paula", "Jorge",
    "Margaret", "Thomas", "Elizabeth", "Richard", "Susan", "Charles", "Karen", "Christopher", "Nancy",
    "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Paul", "Kimberly",
    "Andrew", "Donna", "Joshua", "Emily", "Kevin", "Michelle", "Brian", "Carol", "George", "Amanda",
    "Edward", "Melissa", "Ronald", "Deborah", "Timothy", "Stephanie", "Jason", "Dorothy", "Jeffrey",
    "Zoë", "Chloé", "José", "Renée", "Søren", "Björn", "Łukasz", "Ayşe", "Mehmet", "Elif",
)
LAST_NAMES = (
    "Quillfeather", "Okafor", "Lin", "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
    "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Nguyen", "Patel", "Kim",
    "O'Brien", "dela Cruz", "Chen", "Wang", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Sharma", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Menon", "Rao", "Das", "Banerjee",
    "Mukherjee", "Chatterjee", "Joshi", "Desai", "Mehta", "Shah", "Kapoor", "Malhotra", "Bose",
    "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Sato", "Ito",
    "Park", "Lee", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Tran", "Pham",
    "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Mensah", "Boateng", "Owusu", "Moyo", "Ndlovu", "Dlamini",
    "Haddad", "Khalil", "Hassan", "Ibrahim", "Mansour", "Farah", "Saleh", "Aziz", "Rahman", "Karim",
    "Ivanov", "Petrov", "Smirnov", "Kowalski", "Nowak", "Wisniewski", "Novak", "Horvat", "Kovac",
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Larsen", "Hansen", "Jensen", "Nielsen",
    "Murphy", "Kelly", "Byrne", "Walsh", "Ryan", "O'Connor", "McCarthy", "Doyle", "Gallagher",
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida", "Carvalho",
    "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz",
    "Taylor", "Anderson", "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Moore",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green",
    "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
    "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murray", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Howard", "Ward", "Cox",
    "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders",
    "Fitzgerald-Hale", "Van der Berg", "De Vries", "Janssen", "Peeters", "Dubois", "Lefebvre",
    "Moreau", "Laurent", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç",
)
INSTITUTIONS = (
    "St Mary's Teaching Hospital", "Riverside Community Health Center", "University Medical Center",
    "Northside Family Practice", "Regional Children's Hospital", "City General Hospital",
    "Lakeview Cardiology Associates", "Mercy Hospital", "County Public Health Department",
    "Eastgate Medical Group", "Hillcrest Rehabilitation Hospital", "Valley Emergency Physicians",
    "Royal Infirmary", "District Hospital", "Institute of Medical Sciences", "Academic Medical Centre",
    None, None, None,
)
COMPANIES = ("Acme Pharma", "Northwind Biologics", "Helix Devices", "Meridian Diagnostics",
             "A vaccine manufacturer", "Orion Therapeutics", "National Heart Foundation",
             "Blue River Health Plan", "Cobalt Medical Software", "Summit Oncology")

AGE_BANDS = ("under 1", "1-4", "5-11", "12-17", "18-29", "30-39", "40-49", "50-59", "60-69",
             "70-79", "80 or over")
SEXES = ("woman", "man", "patient")
SETTINGS = ("clinic", "emergency department", "ward", "ICU", "home visit", "telehealth review",
            "day unit", "rehabilitation unit")
SYMPTOMS = ("progressive dyspnea", "pleuritic chest pain", "recurrent syncope", "new confusion",
            "fever without a focus", "unintentional weight loss", "painless jaundice",
            "hemoptysis", "exertional chest tightness", "palpitations", "bilateral leg swelling",
            "acute kidney injury", "refractory hypertension", "persistent headache", "polyuria",
            "night sweats", "abdominal pain after meals", "low mood and poor sleep", "a rash on the shins",
            "joint swelling in both hands", "fatigue and pallor", "worsening cough", "falls at home",
            "vomiting and diarrhea", "visual disturbance", "numbness in both feet", "hematuria")
FINDINGS = ("a sodium of 124 mmol/L", "a potassium of 6.1 mmol/L", "a hemoglobin of 7.9 g/dL",
            "a troponin that rose on repeat", "an eGFR down to 28", "a CRP above 200",
            "a ferritin of 1,800", "bilateral infiltrates on the chest film", "a QTc of 520 ms",
            "an ejection fraction of 30%", "a lactate of 4.2", "a TSH below the lower limit",
            "an HbA1c of 11%", "a platelet count of 45", "a raised ALP with normal bilirubin",
            "new atrial fibrillation", "a D-dimer well above range", "a positive ANA at 1:640",
            "a calcium of 3.1 mmol/L", "an INR of 4.8", "a normal CT head", "a pericardial effusion",
            "urine osmolality inappropriately high", "a small pleural effusion", "low vitamin B12")
DRUGS = ("apixaban", "warfarin", "metformin", "empagliflozin", "dapagliflozin", "furosemide",
         "spironolactone", "sertraline", "citalopram", "lithium", "amiodarone", "digoxin",
         "prednisolone", "methotrexate", "hydroxychloroquine", "allopurinol", "colchicine",
         "levothyroxine", "insulin glargine", "semaglutide", "tolvaptan", "rivaroxaban",
         "clopidogrel", "ticagrelor", "atorvastatin", "ramipril", "sacubitril/valsartan",
         "bisoprolol", "gabapentin", "pregabalin", "quetiapine", "olanzapine", "vancomycin",
         "piperacillin-tazobactam", "ceftriaxone", "doxycycline", "nitrofurantoin", "heparin",
         "enoxaparin", "omeprazole", "denosumab", "alendronate", "adalimumab", "rituximab")
DIAGNOSES = ("SIADH", "heart failure with reduced ejection fraction", "pulmonary embolism",
             "community-acquired pneumonia", "sarcoidosis", "giant cell arteritis",
             "polymyalgia rheumatica", "hyperparathyroidism", "adrenal insufficiency",
             "autoimmune hepatitis", "IgA nephropathy", "multiple myeloma", "lymphoma",
             "infective endocarditis", "Kawasaki disease", "bronchiolitis", "diabetic ketoacidosis",
             "serotonin syndrome", "lithium toxicity", "hypertrophic cardiomyopathy",
             "inflammatory bowel disease", "celiac disease", "vitamin B12 deficiency", "tuberculosis",
             "cellulitis", "septic arthritis", "gout", "thyrotoxicosis", "pheochromocytoma",
             "hemochromatosis", "amyloidosis", "a functional disorder", "drug-induced liver injury")
TESTS = ("a repeat echocardiogram", "a CT pulmonary angiogram", "serum and urine osmolality",
         "a morning cortisol", "a synacthen test", "temporal artery ultrasound", "a bone marrow biopsy",
         "a lumbar puncture", "an MRI of the spine", "a 24-hour Holter", "a renal biopsy",
         "serum free light chains", "a FIB-4 score", "a sleep study", "blood cultures x3",
         "a transesophageal echo", "a PET-CT", "a fecal calprotectin", "anti-tTG serology",
         "a drug level", "thyroid antibodies", "a urine protein:creatinine ratio")
QUESTIONS = ("Would you stop {drug} outright or taper it?", "Is {test} worth doing before referral?",
             "How long would you continue {drug} in this situation?",
             "Does anyone have experience with {drug} when {finding_short}?",
             "Would you treat empirically for {dx} while waiting?",
             "What threshold do you use before escalating to specialist review?",
             "How do colleagues explain this trade-off to patients and families?",
             "Am I missing an alternative diagnosis here?",
             "Would you admit, or is outpatient follow-up reasonable?")
FINDING_SHORT = ("renal function is falling", "the QTc is long", "the platelets are low",
                 "the patient is frail", "there is a bleeding history", "the sodium keeps drifting")
GENERAL_TOPICS = ("handing over a clinic list before parental leave", "rota design for a small department",
                  "teaching medical students on a busy ward", "choosing an electronic record system",
                  "appraisal and revalidation paperwork", "moving from a hospital post to primary care",
                  "running a journal club that people attend", "dealing with a complaint",
                  "part-time training", "burnout and protected time", "locum work between posts",
                  "setting up a telehealth clinic", "writing a first grant application",
                  "negotiating a contract", "supervising physician associates", "research time in a clinical job")
GENERAL_SENTENCES = (
    "We tried {topic} last year and the main lesson was to start earlier than seems necessary.",
    "In my department the biggest obstacle to {topic} was protected time, not willingness.",
    "I would write down the expectations on both sides before anything starts.",
    "A shared document with named owners for each task worked better than a long email chain.",
    "Ask the people who did it two years ago; the official guidance rarely matches reality.",
    "Our practice manager keeps a checklist for this, which saves a lot of repeated questions.",
    "It took about three months to settle, and the first month was the hardest.",
    "Colleagues in other specialties had very different experiences, so it is worth asking widely.",
    "The union and the medical staffing office gave conflicting advice; get it in writing.",
    "Looking back, I would have asked for a mentor outside my own team.",
    "Patients mostly did not mind, as long as they knew who to contact.",
    "Block some time in the calendar for the loose ends; something always appears.",
)
CLINICAL_SENTENCES = (
    "A {sex} aged {age} seen in the {setting} with {symptom}; bloods showed {finding}.",
    "Background of {dx}, currently on {drug} and {drug2}.",
    "I would check {test} before changing anything, mainly to exclude {dx}.",
    "In my practice we usually stop {drug} in this situation and recheck in a week.",
    "{drug_cap} is a common culprit here; the timing fits.",
    "The guideline suggests {test}, but the evidence for it in the over-80s is thin.",
    "We saw a similar picture last year that turned out to be {dx}.",
    "Repeat testing showed {finding}, which changed the plan.",
    "I would be cautious with {drug} given {finding}.",
    "Shared decision-making matters here: the family wanted to avoid admission.",
    "Our local pathway recommends {test} within 48 hours for this presentation.",
    "Switching from {drug} to {drug2} helped in two comparable cases I have managed.",
    "Has anyone used {drug} for {dx} outside a trial setting?",
    "Cardiology advised against {drug} until {test} is back.",
    "The differential still includes {dx} and {dx2}.",
    "Fluid restriction alone rarely works when {finding_short}.",
)
HEADINGS = ("Plan", "Background", "Investigations so far", "What I am unsure about", "Update",
            "Summary", "Question")
DOI_PREFIXES = ("10.1056/NEJMoa", "10.1016/S0140-6736", "10.1001/jama.", "10.1136/bmj.", "10.1542/peds.")


def full_name(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if rng.random() < 0.12:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    return f"{first} {last}"


def _fill(template: str, rng: random.Random) -> str:
    drug = rng.choice(DRUGS)
    return template.format(
        age=rng.choice(AGE_BANDS), sex=rng.choice(SEXES), setting=rng.choice(SETTINGS),
        symptom=rng.choice(SYMPTOMS), finding=rng.choice(FINDINGS), dx=rng.choice(DIAGNOSES),
        dx2=rng.choice(DIAGNOSES), drug=drug, drug_cap=drug[:1].upper() + drug[1:],
        drug2=rng.choice(DRUGS), test=rng.choice(TESTS), finding_short=rng.choice(FINDING_SHORT),
        topic=rng.choice(GENERAL_TOPICS))


def clinical_title(rng: random.Random) -> str:
    question = _fill(rng.choice(QUESTIONS), rng).rstrip("?")
    title = f"{rng.choice(SYMPTOMS).capitalize()} with {rng.choice(FINDINGS)}: {question[:1].lower()}{question[1:]}?"
    return title if len(title) <= 150 else title[:146].rstrip() + "…?"


def general_title(rng: random.Random) -> str:
    topic = rng.choice(GENERAL_TOPICS)
    form = rng.choice(("{t}: what worked for you?", "Advice on {t}", "{t} – experiences?",
                       "How do you handle {t}?", "Thoughts on {t} in {y}"))
    text = form.format(t=topic, y=rng.choice(("2025", "2026", "a small practice", "a teaching hospital")))
    return text[:1].upper() + text[1:]


def _paragraph(rng, sentences, target):
    parts, length = [], 0
    while length < target:
        sentence = _fill(rng.choice(sentences), rng)
        if rng.random() < 0.08:
            words = sentence.split()
            i = rng.randrange(len(words))
            words[i] = f"**{words[i]}**" if rng.random() < 0.5 else f"*{words[i]}*"
            sentence = " ".join(words)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def _block(rng, sentences, clinical):
    roll = rng.random()
    if roll < 0.10:
        items = [_fill(rng.choice(sentences), rng).rstrip(".") for _ in range(rng.randint(2, 4))]
        marker = "-" if rng.random() < 0.6 else "1."
        return "\n".join(f"{marker} {item}" for item in items)
    if roll < 0.15:
        return "> " + _paragraph(rng, sentences, 120)
    if roll < 0.20 and clinical:
        return (f"### {rng.choice(HEADINGS)}\n\n" + _paragraph(rng, sentences, 150))
    if roll < 0.23 and clinical:
        rows = "\n".join(f"| {rng.choice(('Day 1', 'Day 3', 'Week 2', 'Month 1'))} | "
                         f"{rng.choice(FINDINGS)} |" for _ in range(rng.randint(2, 3)))
        return "| When | Result |\n| --- | --- |\n" + rows
    if roll < 0.26:
        return (f"See https://doi.org/{rng.choice(DOI_PREFIXES)}{rng.randint(1000000, 9999999)} "
                f"for the trial; `{rng.choice(DRUGS)}` dosing is in the supplement.")
    return _paragraph(rng, sentences, rng.randint(120, 420))


def body(rng: random.Random, clinical: bool) -> str:
    """A Markdown post body of roughly 200-1,500 characters."""
    sentences = CLINICAL_SENTENCES if clinical else GENERAL_SENTENCES
    target = int(rng.triangular(200, 1500, 550))
    blocks, length = [], 0
    while length < target:
        block = _block(rng, sentences, clinical)
        blocks.append(block)
        length += len(block) + 2
    text = "\n\n".join(blocks)
    return text[:1500] if len(text) > 1500 and "|" not in text[1400:1500] else text


def raw_citation(rng: random.Random) -> tuple[str, str]:
    """(text a member would type, note) for one citation: a PMID, a DOI or an https link."""
    roll = rng.random()
    if roll < 0.5:
        return f"PMID: {rng.randint(10_000_000, 39_999_999)}", rng.choice(("", "Guideline", "RCT", "Cohort study"))
    if roll < 0.85:
        return f"https://doi.org/{rng.choice(DOI_PREFIXES)}{rng.randint(1000000, 9999999)}", ""
    return f"https://www.example-guidelines.org/topics/{rng.randint(100, 999)}", "Local guideline"
