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
            "day unit", "rehabilitation unit", "nursing home", "antenatal clinic", "outreach clinic")

# --- The clinical vocabulary ---------------------------------------------------------------
# Each list is ordered from most to least often mentioned (roughly: prescribing volumes and how
# often a condition or test comes up in case discussions), and terms are drawn by rank with a
# Zipf-Mandelbrot law (see ZIPF_S). Real clinical text is like that: in notes, prescriptions
# and case forums a handful of terms (warfarin, metformin, heart failure, creatinine) turn up
# in a few per cent of documents, while most named drugs, diagnoses and organisms appear in a
# few hundredths of a per cent, and a word's frequency falls roughly as 1/rank.
DRUGS = (
    "warfarin", "metformin", "apixaban", "furosemide", "atorvastatin", "prednisolone", "amlodipine",
    "ramipril", "bisoprolol", "aspirin", "omeprazole", "levothyroxine", "rivaroxaban", "insulin glargine",
    "paracetamol", "amoxicillin", "spironolactone", "sertraline", "empagliflozin", "clopidogrel",
    "lisinopril", "metoprolol", "gabapentin", "amiodarone", "enoxaparin", "heparin", "ceftriaxone",
    "digoxin", "allopurinol", "losartan", "dapagliflozin", "methotrexate", "simvastatin", "colchicine",
    "vancomycin", "hydrochlorothiazide", "semaglutide", "citalopram", "co-amoxiclav", "doxycycline",
    "quetiapine", "lansoprazole", "tramadol", "morphine", "oxycodone", "pregabalin", "mirtazapine",
    "edoxaban", "dabigatran", "ticagrelor", "sacubitril/valsartan", "candesartan", "indapamide",
    "bendroflumethiazide", "diltiazem", "verapamil", "nifedipine", "doxazosin", "tamsulosin",
    "finasteride", "olanzapine", "risperidone", "haloperidol", "aripiprazole", "lithium", "sodium valproate",
    "lamotrigine", "levetiracetam", "carbamazepine", "phenytoin", "fluoxetine", "escitalopram",
    "venlafaxine", "duloxetine", "amitriptyline", "nortriptyline", "zopiclone", "diazepam", "lorazepam",
    "clonazepam", "melatonin", "donepezil", "memantine", "levodopa", "ropinirole", "pramipexole",
    "hydroxychloroquine", "sulfasalazine", "leflunomide", "azathioprine", "mycophenolate", "tacrolimus",
    "ciclosporin", "adalimumab", "infliximab", "etanercept", "rituximab", "tocilizumab", "ustekinumab",
    "vedolizumab", "secukinumab", "dupilumab", "mesalazine", "budesonide", "hydrocortisone",
    "dexamethasone", "methylprednisolone", "fludrocortisone", "carbimazole", "propylthiouracil",
    "liothyronine", "alendronate", "zoledronic acid", "denosumab", "teriparatide", "calcitriol",
    "cinacalcet", "gliclazide", "sitagliptin", "linagliptin", "pioglitazone", "liraglutide",
    "dulaglutide", "tirzepatide", "insulin aspart", "insulin degludec", "canagliflozin",
    "tolvaptan", "demeclocycline", "acetazolamide", "eplerenone", "finerenone", "ivabradine",
    "ranolazine", "nicorandil", "isosorbide mononitrate", "glyceryl trinitrate", "hydralazine",
    "minoxidil", "clonidine", "labetalol", "methyldopa", "propranolol", "carvedilol", "atenolol",
    "sotalol", "flecainide", "dronedarone", "adenosine", "ezetimibe", "rosuvastatin", "pravastatin",
    "evolocumab", "inclisiran", "fenofibrate", "alteplase", "tenecteplase", "tranexamic acid",
    "prothrombin complex concentrate", "idarucizumab", "andexanet alfa", "vitamin K", "fondaparinux",
    "argatroban", "prasugrel", "dipyridamole", "cilostazol", "piperacillin-tazobactam", "meropenem",
    "gentamicin", "amikacin", "ciprofloxacin", "levofloxacin", "moxifloxacin", "clarithromycin",
    "azithromycin", "erythromycin", "flucloxacillin", "benzylpenicillin", "cefalexin", "cefuroxime",
    "ceftazidime", "cefepime", "ceftaroline", "ertapenem", "aztreonam", "teicoplanin", "daptomycin",
    "linezolid", "clindamycin", "metronidazole", "trimethoprim", "nitrofurantoin", "fosfomycin",
    "co-trimoxazole", "rifampicin", "isoniazid", "pyrazinamide", "ethambutol", "fidaxomicin",
    "colistin", "tigecycline", "aciclovir", "valaciclovir", "ganciclovir", "valganciclovir",
    "oseltamivir", "remdesivir", "nirmatrelvir", "tenofovir", "entecavir", "sofosbuvir",
    "dolutegravir", "fluconazole", "voriconazole", "posaconazole", "amphotericin", "caspofungin",
    "ivermectin", "albendazole", "chloroquine", "artesunate", "primaquine", "atovaquone",
    "pyridostigmine", "baclofen", "tizanidine", "botulinum toxin", "sumatriptan", "topiramate",
    "naproxen", "ibuprofen", "diclofenac", "celecoxib", "codeine", "buprenorphine", "fentanyl",
    "methadone", "naloxone", "naltrexone", "ketamine", "midazolam", "propofol", "noradrenaline",
    "adrenaline", "vasopressin", "dobutamine", "milrinone", "terlipressin", "octreotide",
    "lactulose", "rifaximin", "ursodeoxycholic acid", "cholestyramine", "loperamide", "ondansetron",
    "metoclopramide", "domperidone", "cyclizine", "prochlorperazine", "esomeprazole", "famotidine",
    "sucralfate", "pancreatin", "ferrous sulfate", "ferric carboxymaltose", "folic acid",
    "hydroxocobalamin", "epoetin alfa", "darbepoetin", "sevelamer", "sodium bicarbonate",
    "patiromer", "sodium zirconium cyclosilicate", "calcium gluconate", "magnesium sulfate",
    "salbutamol", "ipratropium", "tiotropium", "beclometasone", "fluticasone", "montelukast",
    "theophylline", "roflumilast", "mepolizumab", "benralizumab", "omalizumab", "nintedanib",
    "pirfenidone", "ambrisentan", "anastrozole", "letrozole", "tamoxifen", "goserelin",
    "abiraterone", "enzalutamide", "imatinib", "ibrutinib", "lenalidomide", "bortezomib",
    "daratumumab", "pembrolizumab", "nivolumab", "ipilimumab", "trastuzumab", "bevacizumab",
    "cyclophosphamide", "cisplatin", "carboplatin", "capecitabine", "hydroxycarbamide",
    "anakinra", "canakinumab", "belimumab", "eculizumab", "intravenous immunoglobulin",
    "desmopressin", "cabergoline", "bromocriptine", "somatostatin", "testosterone", "estradiol",
    "progesterone", "medroxyprogesterone", "misoprostol", "mifepristone", "oxytocin",
    "methylphenidate", "atomoxetine", "varenicline", "disulfiram", "acamprosate", "thiamine",
    "clozapine", "paliperidone", "trazodone", "bupropion", "vortioxetine", "agomelatine",
)
DIAGNOSES = (
    "heart failure", "atrial fibrillation", "type 2 diabetes", "chronic kidney disease", "COPD",
    "pneumonia", "hypertension", "sepsis", "pulmonary embolism", "deep vein thrombosis",
    "acute kidney injury", "urinary tract infection", "delirium", "cellulitis", "asthma",
    "hyponatremia", "hyperkalemia", "anemia", "depression", "dementia", "stroke",
    "acute coronary syndrome", "myocardial infarction", "cirrhosis", "gout", "osteoporosis",
    "hypothyroidism", "rheumatoid arthritis", "osteoarthritis", "migraine", "epilepsy",
    "Parkinson disease", "anxiety disorder", "bipolar disorder", "schizophrenia", "alcohol withdrawal",
    "diabetic ketoacidosis", "hyperosmolar hyperglycemic state", "hypoglycemia", "thyrotoxicosis",
    "SIADH", "adrenal insufficiency", "Cushing syndrome", "hyperparathyroidism", "hypercalcemia",
    "hypokalemia", "hypomagnesemia", "metabolic acidosis", "rhabdomyolysis", "pancreatitis",
    "cholecystitis", "cholangitis", "diverticulitis", "appendicitis", "bowel obstruction",
    "upper GI bleed", "peptic ulcer disease", "GORD", "Barrett esophagus", "Crohn disease",
    "ulcerative colitis", "celiac disease", "irritable bowel syndrome", "fatty liver disease",
    "alcoholic hepatitis", "autoimmune hepatitis", "primary biliary cholangitis",
    "primary sclerosing cholangitis", "hepatitis B", "hepatitis C", "hemochromatosis",
    "Wilson disease", "drug-induced liver injury", "hepatic encephalopathy", "ascites",
    "spontaneous bacterial peritonitis", "infective endocarditis", "pericarditis", "myocarditis",
    "aortic stenosis", "mitral regurgitation", "hypertrophic cardiomyopathy", "dilated cardiomyopathy",
    "cardiac amyloidosis", "heart block", "ventricular tachycardia", "supraventricular tachycardia",
    "long QT syndrome", "Wolff-Parkinson-White syndrome", "aortic dissection", "peripheral arterial disease",
    "pulmonary hypertension", "interstitial lung disease", "idiopathic pulmonary fibrosis",
    "sarcoidosis", "bronchiectasis", "cystic fibrosis", "pleural effusion", "pneumothorax",
    "empyema", "lung cancer", "obstructive sleep apnea", "tuberculosis", "influenza", "COVID-19",
    "HIV", "syphilis", "Lyme disease", "malaria", "meningitis", "encephalitis", "septic arthritis",
    "osteomyelitis", "necrotizing fasciitis", "Clostridioides difficile infection", "herpes zoster",
    "cytomegalovirus infection", "candidemia", "aspergillosis", "febrile neutropenia",
    "multiple myeloma", "lymphoma", "Hodgkin lymphoma", "chronic lymphocytic leukemia",
    "acute myeloid leukemia", "myelodysplastic syndrome", "polycythemia vera",
    "essential thrombocythemia", "immune thrombocytopenia", "thrombotic thrombocytopenic purpura",
    "hemolytic uremic syndrome", "disseminated intravascular coagulation", "sickle cell disease",
    "thalassemia", "iron deficiency anemia", "vitamin B12 deficiency", "hemophilia",
    "von Willebrand disease", "antiphospholipid syndrome", "heparin-induced thrombocytopenia",
    "hemophagocytic lymphohistiocytosis", "breast cancer", "prostate cancer", "colorectal cancer",
    "pancreatic cancer", "ovarian cancer", "melanoma", "renal cell carcinoma",
    "hepatocellular carcinoma", "glioblastoma", "tumor lysis syndrome", "spinal cord compression",
    "systemic lupus erythematosus", "giant cell arteritis", "polymyalgia rheumatica",
    "ANCA-associated vasculitis", "granulomatosis with polyangiitis", "Takayasu arteritis",
    "Behcet disease", "Sjogren syndrome", "systemic sclerosis", "dermatomyositis", "polymyositis",
    "ankylosing spondylitis", "psoriatic arthritis", "reactive arthritis", "pseudogout",
    "fibromyalgia", "adult-onset Still disease", "IgG4-related disease", "Kawasaki disease",
    "IgA nephropathy", "membranous nephropathy", "minimal change disease",
    "focal segmental glomerulosclerosis", "nephrotic syndrome", "Goodpasture syndrome",
    "polycystic kidney disease", "renal artery stenosis", "acute interstitial nephritis",
    "nephrolithiasis", "hydronephrosis", "benign prostatic hyperplasia", "pyelonephritis",
    "Addison disease", "pheochromocytoma", "primary aldosteronism", "acromegaly", "prolactinoma",
    "hypopituitarism", "diabetes insipidus", "Graves disease", "Hashimoto thyroiditis",
    "thyroid nodule", "type 1 diabetes", "gestational diabetes", "pre-eclampsia", "HELLP syndrome",
    "postpartum hemorrhage", "ectopic pregnancy", "polycystic ovary syndrome", "endometriosis",
    "multiple sclerosis", "myasthenia gravis", "Guillain-Barre syndrome", "motor neuron disease",
    "peripheral neuropathy", "subarachnoid hemorrhage", "subdural hematoma", "transient ischemic attack",
    "cerebral venous thrombosis", "idiopathic intracranial hypertension", "Bell palsy",
    "trigeminal neuralgia", "cluster headache", "narcolepsy", "functional neurological disorder",
    "serotonin syndrome", "neuroleptic malignant syndrome", "lithium toxicity", "anorexia nervosa",
    "refeeding syndrome", "post-traumatic stress disorder", "obsessive-compulsive disorder", "ADHD",
    "autism", "bronchiolitis", "croup", "otitis media", "pyloric stenosis", "intussusception",
    "neonatal jaundice", "febrile seizure", "hand foot and mouth disease", "measles", "pertussis",
    "scarlet fever", "psoriasis", "eczema", "urticaria", "angioedema", "anaphylaxis",
    "Stevens-Johnson syndrome", "DRESS syndrome", "pemphigoid", "hidradenitis suppurativa",
    "glaucoma", "uveitis", "retinal detachment", "macular degeneration", "amyloidosis",
    "Fabry disease", "Gaucher disease", "porphyria", "hereditary angioedema", "Whipple disease",
    "Erdheim-Chester disease", "Castleman disease", "relapsing polychondritis", "scurvy",
)
TESTS = (
    "an ECG", "a chest X-ray", "an echocardiogram", "a CT head", "a CT pulmonary angiogram",
    "blood cultures", "a urine culture", "a CT abdomen", "an ultrasound abdomen", "an MRI brain",
    "a repeat echocardiogram", "spirometry", "an arterial blood gas", "a venous blood gas",
    "a 24-hour Holter", "a lumbar puncture", "a CT coronary angiogram", "an exercise stress test",
    "a Doppler ultrasound", "a DEXA scan", "a urine dipstick", "serum and urine osmolality",
    "a morning cortisol", "a synacthen test", "a PET-CT", "a bone marrow biopsy", "a renal biopsy",
    "a liver biopsy", "a skin biopsy", "a temporal artery biopsy", "temporal artery ultrasound",
    "an MRI of the spine", "an EEG", "nerve conduction studies", "an EMG", "a sleep study",
    "a transesophageal echo", "a cardiac MRI", "a bubble echo", "an ambulatory blood pressure monitor",
    "a tilt table test", "a FibroScan", "a FIB-4 score", "a fecal calprotectin", "a fecal immunochemical test",
    "anti-tTG serology", "a urine protein:creatinine ratio", "a urine albumin:creatinine ratio",
    "a 24-hour urine collection", "serum free light chains", "serum protein electrophoresis",
    "a drug level", "thyroid antibodies", "a lipid profile", "an oral glucose tolerance test",
    "a mixing study", "a thrombophilia screen", "a blood film", "flow cytometry", "a Coombs test",
    "an HIV test", "a hepatitis screen", "a QuantiFERON", "sputum microscopy", "a nasopharyngeal swab",
    "a respiratory viral PCR", "a stool culture", "a urine drug screen", "a pregnancy test",
    "a high-resolution CT chest", "full pulmonary function tests", "a V/Q scan", "a CT KUB",
    "a renal ultrasound", "an MRCP", "a barium swallow", "esophageal manometry", "a gastric emptying study",
    "a capsule endoscopy", "a thyroid ultrasound", "a radioiodine uptake scan", "a pituitary MRI",
    "a dexamethasone suppression test", "an aldosterone:renin ratio", "plasma metanephrines",
    "a water deprivation test", "an insulin tolerance test", "a genetic panel", "a muscle biopsy",
    "a lip biopsy", "a Schirmer test", "a nailfold capillaroscopy", "a DaTscan", "a CT venogram",
    "an MR angiogram", "a carotid Doppler", "a bone scan", "a mammogram", "a prostate MRI",
    "a colposcopy", "a cervical smear", "an audiogram", "a visual field test", "an OCT scan",
    "a sweat test", "a tensilon test", "acetylcholine receptor antibodies", "anti-MOG antibodies",
    "aquaporin-4 antibodies", "oligoclonal bands", "a paraneoplastic panel", "a urine porphobilinogen",
)
LABS = (
    "creatinine", "sodium", "potassium", "hemoglobin", "CRP", "troponin", "eGFR", "INR", "HbA1c",
    "platelet count", "white cell count", "lactate", "D-dimer", "BNP", "NT-proBNP", "ferritin",
    "TSH", "ALT", "bilirubin", "albumin", "calcium", "magnesium", "phosphate", "urea", "glucose",
    "ALP", "AST", "GGT", "lipase", "amylase", "procalcitonin", "ESR", "CK", "urate", "vitamin D",
    "vitamin B12", "folate", "free T4", "free T3", "PTH", "cortisol", "ACTH", "LDH", "haptoglobin",
    "reticulocyte count", "fibrinogen", "APTT", "neutrophil count", "eosinophil count",
    "lymphocyte count", "MCV", "transferrin saturation", "ammonia", "bicarbonate", "anion gap",
    "serum osmolality", "urine sodium", "urine osmolality", "PSA", "CA-125", "CEA", "AFP",
    "beta-hCG", "prolactin", "IGF-1", "testosterone", "renin", "aldosterone", "complement C3",
    "complement C4", "ANA", "ANCA", "anti-dsDNA", "rheumatoid factor", "anti-CCP", "IgG4",
    "immunoglobulins", "beta-2 microglobulin", "anti-Xa level", "lithium level", "digoxin level",
    "vancomycin trough", "tacrolimus level", "ceruloplasmin", "alpha-1 antitrypsin", "zinc",
    "copper", "selenium", "triglycerides", "LDL cholesterol", "lipoprotein(a)", "homocysteine",
    "methylmalonic acid", "chromogranin A", "calcitonin", "thyroglobulin", "anti-GBM antibodies",
)
QUALIFIERS = ("well above range", "just below the lower limit", "twice the upper limit",
              "that doubled in a week", "that fell on repeat", "at the top of the range",
              "that has crept up over a year", "far lower than last month", "within range",
              "that normalized after a week", "three times the upper limit", "that rose on repeat")
PROCEDURES = (
    "endoscopy", "colonoscopy", "PCI", "cardioversion", "paracentesis", "thoracentesis",
    "hemodialysis", "pacemaker insertion", "central line insertion", "intubation", "catheter ablation",
    "cholecystectomy", "ERCP", "bronchoscopy", "hip replacement", "knee replacement", "CABG", "TAVI",
    "appendicectomy", "chest drain insertion", "tracheostomy", "peritoneal dialysis", "plasma exchange",
    "EBUS", "ICD implantation", "mitral valve repair", "carotid endarterectomy", "thrombectomy",
    "thrombolysis", "variceal banding", "TIPS", "liver transplant", "kidney transplant",
    "hemicolectomy", "Hartmann procedure", "laparotomy", "laparoscopy", "hysterectomy",
    "caesarean section", "cystoscopy", "TURP", "nephrostomy", "ureteric stent insertion",
    "PEG insertion", "NG tube insertion", "lumbar drain", "craniotomy", "burr hole drainage",
    "spinal fusion", "amputation", "skin graft", "debridement", "fasciotomy", "IVC filter insertion",
    "left atrial appendage occlusion", "PFO closure", "stem cell transplant", "electroconvulsive therapy",
    "bariatric surgery", "thyroidectomy", "parathyroidectomy", "adrenalectomy", "splenectomy",
    "Whipple procedure", "esophagectomy", "lobectomy", "pleurodesis", "pericardiocentesis",
)
ORGANISMS = (
    "Escherichia coli", "Staphylococcus aureus", "Streptococcus pneumoniae", "Klebsiella pneumoniae",
    "MRSA", "Pseudomonas aeruginosa", "Enterococcus faecalis", "Clostridioides difficile",
    "group A streptococcus", "Haemophilus influenzae", "Candida albicans", "respiratory syncytial virus",
    "Mycoplasma pneumoniae", "Legionella", "Enterococcus faecium", "Proteus mirabilis",
    "Enterobacter cloacae", "Staphylococcus epidermidis", "group B streptococcus", "Moraxella catarrhalis",
    "Streptococcus anginosus", "Bacteroides fragilis", "Serratia marcescens", "Acinetobacter baumannii",
    "Stenotrophomonas maltophilia", "Citrobacter freundii", "Listeria monocytogenes",
    "Neisseria meningitidis", "Neisseria gonorrhoeae", "Chlamydia trachomatis", "Treponema pallidum",
    "Mycobacterium tuberculosis", "Mycobacterium avium complex", "Salmonella enterica", "Campylobacter",
    "Shigella", "Helicobacter pylori", "Bordetella pertussis", "Borrelia burgdorferi",
    "Aspergillus fumigatus", "Candida auris", "Cryptococcus neoformans", "Pneumocystis jirovecii",
    "Histoplasma capsulatum", "Plasmodium falciparum", "Plasmodium vivax", "Strongyloides stercoralis",
    "Toxoplasma gondii", "Giardia", "cytomegalovirus", "Epstein-Barr virus", "varicella zoster virus",
    "herpes simplex virus", "norovirus", "adenovirus", "parvovirus B19", "Nocardia", "Actinomyces",
    "Cutibacterium acnes", "Kingella kingae", "Bartonella henselae", "Coxiella burnetii", "Brucella",
    "Leptospira", "Tropheryma whipplei", "Streptococcus gallolyticus", "Fusobacterium necrophorum",
)
SIGNS = (
    "afebrile", "tachycardic", "hypotensive", "euvolemic", "dehydrated", "jaundiced", "confused",
    "breathless at rest", "orthopneic", "edematous to the knees", "cachectic", "tachypneic",
    "hypoxic on air", "pyrexial", "clammy", "peripherally shut down", "alert and oriented",
    "drowsy", "bradycardic", "hypertensive", "pale", "plethoric", "cyanosed", "icteric",
    "in fast atrial fibrillation", "wheezy", "crackly at both bases", "tender in the right upper quadrant",
    "peritonitic", "guarding", "ataxic", "dysarthric", "weak on the left side", "areflexic",
    "hyperreflexic", "tremulous", "agitated", "withdrawn", "septic-looking", "well-looking",
)
SYMPTOMS = (
    "breathlessness", "chest pain", "fever", "confusion", "abdominal pain", "falls", "syncope",
    "palpitations", "leg swelling", "headache", "cough", "fatigue", "weight loss", "vomiting",
    "diarrhea", "back pain", "dizziness", "joint pain", "rash", "hematuria", "hemoptysis",
    "jaundice", "night sweats", "polyuria", "dysphagia", "melena", "hematemesis", "seizures",
    "visual disturbance", "numbness in both feet", "weakness", "low mood", "insomnia", "pruritus",
    "claudication", "orthopnea", "wheeze", "sore throat", "ear pain", "dysuria", "pelvic pain",
    "constipation", "bloating", "tremor", "memory loss", "hallucinations", "anxiety", "myalgia",
    "hair loss", "mouth ulcers", "dry eyes", "photophobia", "neck stiffness", "hiccups",
)
FINDING_SHORT = ("renal function is falling", "the QTc is long", "the platelets are low",
                 "the patient is frail", "there is a bleeding history", "the sodium keeps drifting",
                 "the potassium is high", "the liver enzymes are rising", "the INR is labile",
                 "the patient is pregnant", "there is a history of falls", "cognition is poor")
QUESTIONS = ("Would you stop {drug} outright or taper it?", "Is {test} worth doing before referral?",
             "How long would you continue {drug} in this situation?",
             "Does anyone have experience with {drug} when {finding_short}?",
             "Would you treat empirically for {dx} while waiting?",
             "{drug_cap} or {drug2} for {dx}?", "Is {procedure} reasonable with {dx}?",
             "Would you cover {organism} here?", "Is this {dx} or {dx2}?",
             "What threshold do you use before escalating to specialist review?",
             "How do colleagues explain this trade-off to patients and families?",
             "Am I missing an alternative diagnosis here?",
             "Would you admit, or is outpatient follow-up reasonable?")
GENERAL_TOPICS = ("handing over a clinic list before parental leave", "rota design for a small department",
                  "teaching medical students on a busy ward", "choosing an electronic record system",
                  "appraisal and revalidation paperwork", "moving from a hospital post to primary care",
                  "running a journal club that people attend", "dealing with a complaint",
                  "part-time training", "burnout and protected time", "locum work between posts",
                  "setting up a telehealth clinic", "writing a first grant application",
                  "negotiating a contract", "supervising physician associates", "research time in a clinical job",
                  "returning to work after illness", "mentoring junior doctors", "indemnity insurance",
                  "working abroad for a year", "exam preparation", "running a quality improvement project",
                  "job planning", "on-call arrangements", "presenting at a conference",
                  "using AI scribes in clinic", "retiring from clinical work", "managing a waiting list")
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
    "For {topic}, the royal college has a template that is better than anything we wrote.",
    "Our clinic ran {topic} as a pilot for six months before committing to it.",
    "Most of the trouble with {topic} came from unclear responsibilities, not from the work itself.",
    "A colleague who manages {dx} clinics said the same thing about their service.",
    "We lost a week to the {drug} shortage last winter, which showed how thin the rota is.",
)
CLINICAL_SENTENCES = (
    "A {sex} aged {age} seen in the {setting} with {symptom}; bloods showed {finding}.",
    "A {sex} aged {age} presented with {symptom} and {symptom2}, and was {sign} on arrival.",
    "Background of {dx}, currently on {drug} and {drug2}.",
    "Past history includes {dx}, {dx2} and {procedure} some years ago.",
    "On examination {sign}, and {sign2}.",
    "I would check {test} before changing anything, mainly to exclude {dx}.",
    "In my practice we usually stop {drug} in this situation and recheck the {lab} in a week.",
    "{drug_cap} is a common culprit here; the timing fits.",
    "The guideline suggests {test}, but the evidence for it in the over-80s is thin.",
    "We saw a similar picture last year that turned out to be {dx}.",
    "Repeat testing showed {finding}, which changed the plan.",
    "I would be cautious with {drug} given {finding}.",
    "Shared decision-making matters here: the family wanted to avoid admission.",
    "Our local pathway recommends {test} within 48 hours for this presentation.",
    "Switching from {drug} to {drug2} helped in two comparable cases I have managed.",
    "Has anyone used {drug} for {dx} outside a trial setting?",
    "The specialist team advised against {drug} until {test} is back.",
    "The differential still includes {dx} and {dx2}.",
    "Fluid restriction alone rarely works when {finding_short}.",
    "Blood cultures grew {organism}, sensitive to {drug}.",
    "Microbiology suggested {drug} for the {organism}, pending sensitivities.",
    "She had {procedure} two years ago, complicated by {dx}.",
    "He is waiting for {procedure}, and the team wants {drug} held beforehand.",
    "The {lab} was {qualifier} and the {lab2} was {qualifier2}.",
    "{test_cap} showed changes consistent with {dx}.",
    "We started {drug} at a low dose and the {lab} improved over a fortnight.",
    "I would not restart {drug} while {finding_short}.",
    "In older patients with {dx}, we tend to avoid {drug}.",
    "Worth considering {dx} if {test} is unremarkable.",
)
# Sentences without a named term: most of what people write around the names.
TALK_SENTENCES = (
    "Thanks, this is really helpful and matches what we see locally.",
    "I would want to see the trend rather than a single value before acting.",
    "The frailty and the patient's own priorities matter more than the numbers here.",
    "We discussed it at our multidisciplinary meeting and opinions were split.",
    "I am not sure the evidence supports treating at all in this age group.",
    "Follow-up in four weeks with repeat bloods seems reasonable to me.",
    "Our pharmacist flagged an interaction that we had missed.",
    "The family were keen to continue treatment at home if at all possible.",
    "Documentation of the capacity assessment was the key step in our case.",
    "I agree with the plan, with a lower threshold for admission.",
    "It is worth asking the lab whether the sample was haemolysed.",
    "The trial populations were younger and had far fewer comorbidities.",
    "We usually involve the palliative care team early in cases like this.",
    "Would be interested to hear how this turns out.",
    "There is no single right answer, but I would start with the least invasive option.",
    "The discharge summary from the other hospital was missing key details.",
    "Safety-netting advice and a clear plan for deterioration are essential here.",
    "Nursing staff noticed the change first, which is often the case.",
)
HEADINGS = ("Plan", "Background", "Investigations so far", "What I am unsure about", "Update",
            "Summary", "Question", "Medications", "Results", "Follow-up")
DOI_PREFIXES = ("10.1056/NEJMoa", "10.1016/S0140-6736", "10.1001/jama.", "10.1136/bmj.", "10.1542/peds.")

# p(rank k) ~ 1 / (k + ZIPF_Q) ** ZIPF_S within each list: s a little above 1 as measured for
# words in text; the offset keeps the first few terms of a list comparable (prescribing data
# has no single dominant drug) instead of the top term taking a sixth of all mentions.
ZIPF_S = 1.0
ZIPF_Q = 6.0


class Zipf:
    """Draws from a ranked tuple with Zipf-Mandelbrot weights (one bisect per draw)."""

    def __init__(self, items, s=ZIPF_S, q=ZIPF_Q):
        self.items = items
        total, cumulative = 0.0, []
        for rank in range(1, len(items) + 1):
            total += 1.0 / (rank + q) ** s
            cumulative.append(total)
        self.cumulative = cumulative
        self.share = [(c - (cumulative[i - 1] if i else 0.0)) / total for i, c in enumerate(cumulative)]

    def __call__(self, rng):
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


_DRUG, _DX, _TEST, _LAB = Zipf(DRUGS), Zipf(DIAGNOSES), Zipf(TESTS), Zipf(LABS)
_PROCEDURE, _ORGANISM, _SIGN, _SYMPTOM = Zipf(PROCEDURES), Zipf(ORGANISMS), Zipf(SIGNS), Zipf(SYMPTOMS)
_SLOTS = {"drug": _DRUG, "drug2": _DRUG, "dx": _DX, "dx2": _DX, "test": _TEST, "lab": _LAB,
          "lab2": _LAB, "procedure": _PROCEDURE, "organism": _ORGANISM, "sign": _SIGN, "sign2": _SIGN,
          "symptom": _SYMPTOM, "symptom2": _SYMPTOM}


def full_name(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if rng.random() < 0.12:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    return f"{first} {last}"


def _finding(rng):
    lab = _LAB(rng)
    return f"{'an' if lab[:1] in 'AEFHILMNRSX' or lab[:1] in 'aeiou' else 'a'} {lab} {rng.choice(QUALIFIERS)}"


def _fill(template: str, rng: random.Random) -> str:
    """Fill only the slots the template uses (a draw per slot), in the template's order."""
    values = {}
    for name in _names(template):
        if name in _SLOTS:
            values[name] = _SLOTS[name](rng)
        elif name == "drug_cap":
            values[name] = _capital(_DRUG(rng))
        elif name == "test_cap":
            values[name] = _capital(_TEST(rng))
        elif name == "finding":
            values[name] = _finding(rng)
        elif name in ("qualifier", "qualifier2"):
            values[name] = rng.choice(QUALIFIERS)
        else:
            values[name] = rng.choice(_PLAIN[name])
    return template.format(**values)


_PLAIN = {"age": AGE_BANDS, "sex": SEXES, "setting": SETTINGS, "finding_short": FINDING_SHORT,
          "topic": GENERAL_TOPICS}
_NAMES = {}


def _names(template):
    names = _NAMES.get(template)
    if names is None:
        import string
        names = _NAMES[template] = [field for _, field, _, _ in string.Formatter().parse(template) if field]
    return names


def _capital(term):
    return term[:1].upper() + term[1:]


def clinical_title(rng: random.Random) -> str:
    question = _fill(rng.choice(QUESTIONS), rng).rstrip("?")
    title = f"{_capital(_SYMPTOM(rng))} with {_finding(rng)}: {question[:1].lower()}{question[1:]}?"
    return title if len(title) <= 150 else title[:146].rstrip() + "…?"


def general_title(rng: random.Random) -> str:
    topic = rng.choice(GENERAL_TOPICS)
    form = rng.choice(("{t}: what worked for you?", "Advice on {t}", "{t} – experiences?",
                       "How do you handle {t}?", "Thoughts on {t} in {y}"))
    text = form.format(t=topic, y=rng.choice(("2025", "2026", "a small practice", "a teaching hospital")))
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random, clinical: bool) -> str:
    """One Markdown sentence, now and then with a word in bold or italics (inline markup only,
    so sentences rendered apart can be joined into one paragraph: see bench/forum_plan.py)."""
    if not clinical:
        template = rng.choice(GENERAL_SENTENCES)
    elif rng.random() < TALK_SHARE:
        template = rng.choice(TALK_SENTENCES)
    else:
        template = rng.choice(CLINICAL_SENTENCES)
    text = _fill(template, rng)
    if rng.random() < 0.08:
        words = text.split()
        i = rng.randrange(len(words))
        if words[i][:1].isalnum() and words[i][-1:].isalnum():
            words[i] = f"**{words[i]}**" if rng.random() < 0.5 else f"*{words[i]}*"
            text = " ".join(words)
    return text


def _paragraph(rng, clinical, target):
    parts, length = [], 0
    while length < target:
        parts.append(sentence(rng, clinical))
        length += len(parts[-1]) + 1
    return " ".join(parts)


def special_block(rng: random.Random, clinical: bool) -> str:
    """A block other than a plain paragraph: a list, a quote, a heading, a table, a link line."""
    kinds = ("list", "quote", "heading", "table", "link") if clinical else ("list", "quote", "link")
    kind = rng.choice(kinds)
    if kind == "list":
        items = [sentence(rng, clinical).rstrip(".") for _ in range(rng.randint(2, 4))]
        marker = "-" if rng.random() < 0.6 else "1."
        return "\n".join(f"{marker} {item}" for item in items)
    if kind == "quote":
        return "> " + _paragraph(rng, clinical, 120)
    if kind == "heading":
        return f"### {rng.choice(HEADINGS)}\n\n" + _paragraph(rng, clinical, 150)
    if kind == "table":
        rows = "\n".join(f"| {rng.choice(('Day 1', 'Day 3', 'Week 2', 'Month 1'))} | "
                         f"{_finding(rng)} |" for _ in range(rng.randint(2, 3)))
        return "| When | Result |\n| --- | --- |\n" + rows
    return (f"See https://doi.org/{rng.choice(DOI_PREFIXES)}{rng.randint(1000000, 9999999)} "
            f"for the trial; `{_DRUG(rng)}` dosing is in the supplement.")


TALK_SHARE = 0.75  # clinical sentences that name no drug, diagnosis, test...
SPECIAL_SHARE = 0.26  # blocks that are not plain paragraphs


def body_target(rng: random.Random) -> int:
    """The length a body aims at: roughly 200-1,500 characters, most near 550."""
    return int(rng.triangular(200, 1500, 550))


def body(rng: random.Random, clinical: bool) -> str:
    """A Markdown post body of roughly 200-1,500 characters (bench/load_forum.py posts these;
    the seed composes its bodies from pre-rendered pieces with the same shape)."""
    target = body_target(rng)
    blocks, length = [], 0
    while length < target:
        if rng.random() < SPECIAL_SHARE:
            block = special_block(rng, clinical)
        else:
            block = _paragraph(rng, clinical, rng.randint(120, 420))
        blocks.append(block)
        length += len(block) + 2
    return "\n\n".join(blocks)


def raw_citation(rng: random.Random) -> tuple[str, str]:
    """(text a member would type, note) for one citation: a PMID, a DOI or an https link."""
    roll = rng.random()
    if roll < 0.5:
        return f"PMID: {rng.randint(10_000_000, 39_999_999)}", rng.choice(("", "Guideline", "RCT", "Cohort study"))
    if roll < 0.85:
        return f"https://doi.org/{rng.choice(DOI_PREFIXES)}{rng.randint(1000000, 9999999)}", ""
    return f"https://www.example-guidelines.org/topics/{rng.randint(100, 999)}", "Local guideline"
