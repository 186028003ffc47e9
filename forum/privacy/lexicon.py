"""Word lists the rules share: given names, capitalised words that are not names, eponym nouns."""

# Common given names across the populations a forum like this sees. Names that are also everyday
# or clinical words (May, Will, Mark, Grace, Hope, Joy, Guy, Bill, Pat, Sue, Art) are left out on
# purpose: they would make "May Thompson" and "Will Graves' disease" look alike.
GIVEN_NAMES = frozenset("""
aaron abby abdul abdullah abigail abraham adam adebayo adeline adrian adriana agnes ahmad ahmed
aiden aisha akira alan albert alberto alejandro alex alexander alexandra alexis alfred alfredo ali
alice alicia alison allison alma alvin amanda amara amber amelia amina amir amit amy ana anand
andre andrea andreas andres andrew andy angela angelica angie anil anita anjali ann anna anne annie
anthony antonio anya arjun arnold arthur arturo arun ashley audrey ava barbara barry
beatrice becky ben benjamin bernard bernice bertha beth betty beverly bianca blanca bobby bonnie
brandon brenda brian bridget brittany bruce bryan caleb camila carl carla carlos carmen carol
caroline carolyn carrie catherine cecilia charlene charles charlie charlotte chen cheryl chloe
chris christina christine christopher cindy claire clara clarence claudia clifford clyde
colin connie constance craig crystal cynthia daisy dale dan daniel daniela danny darius darlene
darnell darren david dawn dean deborah debra deepak delores denise dennis derek devon diana diane
diego dolores dominic donald donna doris dorothy douglas duane dwayne earl eddie edgar edith
edna eduardo edward edwin eileen elaine eleanor elena eli elias elijah elizabeth ella ellen elsie
emeka emily emma emmanuel enrique eric erica erik erin ernest esperanza esther ethan ethel eugene
eva evelyn fatima federico felix fernando fiona florence frances francesca francisco frank
franklin fred freda frederick gabriel gabriela gail gary gene george gerald geraldine
gertrude gina gladys glen glenda glenn gloria gordon graham greg gregory gustavo gwen hannah
harold harriet harry harvey hassan hazel heather hector heidi helen henry herbert herman hilda
hiroshi holly howard hugh hugo ian ibrahim ida imani imran ines irene iris irma isaac isabel
isabella ivan jack jackie jacob jacqueline jake jamal james jamie jane janet janice jared jasmine
jason javier jean jeanette jeff jeffrey jennifer jenny jeremy jerome jerry jesse jessica jesus
jill jimmy jin joan joanna joanne joe joel johanna john johnny jonathan jorge jose josefina joseph
josephine joshua joyce juan juanita judith judy julia julian julie julio justin kamala karen
karim karl kate katherine kathleen kathryn kathy katie kayla keith kelly kenji kenneth kevin
khalid kim kimberly kirk kofi krishna kristen kumar kwame kyle lakshmi lamar larry laura lauren
laverne lawrence leah lee leon leonard leroy leslie lillian lily linda lindsay lisa lloyd lois
lorenzo loretta lori lorraine louis louise lucas lucia lucy luis luke lydia lynn mabel madison
magdalena maggie malik manuel marcia marco marcus margaret margarita maria marian marie marilyn
mario marion marisol marjorie marlene martha martin marvin mary mason matthew maureen maurice
maxine megan melanie melissa melvin mercedes michael michelle miguel mildred miriam mohammed
mohammad molly monica morgan muhammad mustafa myrtle nadia nancy naomi natalie nathan neil
nicholas nicole nina noah nora norma norman oliver olivia omar oscar owen pablo pamela paola
patricia patrick paul paula pauline pedro peggy penelope peter philip phyllis pierre pooja
priscilla priya rachel rafael rahul raj rajesh ralph ramon randall randy raul ray raymond rebecca
regina renee ricardo richard rick ricky rita robert roberta roberto robin rodney roger roland
ronald rosa rosalie rosemary ross roy ruby rudolph russell ruth ryan sabrina sally salvador sam
samantha samuel sandra sanjay santiago sara sarah scott sean sergio shannon sharon shawn sheila
shirley sibongile sidney silvia simon sofia sonia sophia stacy stanley stella stephanie stephen
steve steven sunil susan suzanne sylvia tamara tanya tara teresa terrence terry thelma theodore
theresa thomas tiffany timothy tina todd tom tommy tony tracy travis trevor troy tyler valerie
vanessa vera veronica vicki victor victoria vincent viola violet vivian walter wanda
warren wayne wei wendy wesley wilbur willard william willie wilma winston xavier yasmin yolanda
yusuf yvonne zachary zainab zoe
""".split()) | frozenset("""
aidan alfie alistair alasdair angus aoife archie bethan bradley brendan bronagh callum cerys ciara
ciaran cian clive conor connor cyril declan deirdre desmond doreen duncan eamon eamonn enid eoin euan
evie ewan fergus finlay freddie freya gareth gavin gemma geoffrey giles glenys graeme grainne gwyneth
hamish horace iain imogen isla isabelle jasper kayleigh kieran kirsty lachlan leanne liam lottie
maeve malcolm mavis mhairi millie morag muriel neville nia niall niamh nigel oisin ollie orla owain
padraig percy phoebe poppy reggie reginald rhys roisin ronan rupert saoirse seamus shona sian siobhan sinead aisling caoimhe clodagh eimear orlaith sorcha cathal colm donal diarmuid
ruairi lorcan darragh
stacey stuart stewart tadhg tracey wilfred winifred
aaliyah addison avery bailey brayden brody caden chelsea courtney dashawn deshawn devonte dylan
jaden jalen jaxon jayden jayla kaylee kayden kelsey kendrick keisha kristin kristy lashawn latoya
lindsey mackenzie marquis nevaeh riley shanice tamika terrell tyrone tyson whitney zara jordan
brianna hailey haley harper skylar scarlett sienna matilda mia logan harrison jackson landon wyatt
colton grayson easton tristan cody dustin tanner garrett brett brent shelby rhonda tammy mandy
melinda candace jolene eunice elmer floyd otis virgil chester dwight mervyn beverley carly danielle
natasha toby callan kerry
nirmala venkat venkatesh sunita suresh ramesh mahesh ganesh dinesh naresh mukesh rakesh umesh prakash
vijay ajay vikram vikas rohit rohan aditya ashok arvind aravind harish girish srinivas srinivasan
krishnan ravi shankar gopal mohan murali sridhar sanjeev rajiv rajeev deepa divya kavita kavya meera
meena neha nisha pallavi preeti radha rekha rani sarita savita seema shanti shweta smita sneha swati
usha uma vandana vidya geeta gita jyoti lata manju padma parvati pushpa revathi saraswati shobha
sudha suman tanvi aarav vihaan ishaan kabir reyansh aryan advait ananya diya ishita saanvi aadhya
myra riya zoya farhan faisal irfan javed junaid nadeem naveed rashid sajid shahid tariq waqar zubair
ayesha hina nazia rabia saima sana shazia uzma nasreen parveen gurpreet harpreet jaspreet manpreet
simran amandeep gurdeep harjit jaswinder kuldeep paramjit sukhdev baljit rupinder navjot bhavna
chitra darshan gaurav hemant jagdish kiran kishore lalit madhu manish nitin pankaj pradeep rajendra
sachin sandeep satish shailesh sudhir tushar vinod yash yogesh nilesh hitesh jignesh bhavesh alpesh
kalpana jayshree nimal kumari tharindu rahim rafiq shafiq anwar nasir habib shirin rumana nusrat
taslima
ming hui yan ying xiao jing lei fang mei ling qing xin zhen zhi feng tao kai yuki yuko takeshi
haruto yuto sota ren haruki kazuo satoshi naoki yoshiko keiko michiko sachiko yumi ayumi emi aiko
hana sakura haruka tomoko minh anh linh thanh hoa huong trang tuan duc quang hieu minjun seojun
jiwoo seoyeon jisoo minji eunji hyun jae joon chul kyung maricel marites jocelyn arnel
adewale adeola adaeze ngozi chidinma chinedu chioma chinonso chukwuemeka ifeoma ikechukwu obinna
uchenna nnamdi oluwaseun seun temitope tope tunde babatunde olumide damilola funmilayo folake
yetunde bolanle bukola kemi kehinde taiwo ayodele femi segun sade abiodun adaobi amaka nneka
kwabena kwaku kojo akosua abena efua adwoa afia yaa fatou aminata mariama ousmane mamadou moussa
ibrahima cheikh abdoulaye aissatou binta kadiatou oumar sekou lamine babacar aliou idrissa amadou
boubacar kwesi akua chiamaka tochukwu kelechi ebuka oluchi hauwa halima bilkisu musa usman yakubu
abubakar
youssef yousef hamza hussein hussain mahmoud tarek samir sami walid waleed nabil rami ziad fadi
bassam hisham osama adel amr ayman faris fares majid nasser saeed talal yasser zaid abdallah
abdulrahman abdulaziz ismail jamil khaled mansour marwan mazen muhannad naji qasim raed fatma fatimah
amal amira asma dalia dina eman iman farah ghada hala hanan hiba huda layla leila lina lubna maha
manal mariam maryam mona nour noor rana randa rania reem rasha salma samira soha suha zeinab zahra
khadija safiya hajar rukhsana
aleksandr aleksander aleksandra alexei alexey andrei andrzej anastasia bogdan boris borys darya
dmitri dmitry dariusz ekaterina galina grzegorz igor irina ivana jakub janusz jaroslaw jerzy
katarzyna kasia krzysztof ksenia lyudmila ludmila maciej malgorzata marek mariusz marta mikhail
miroslav natalia nikolai nikola oksana olga oleg olena oleksandr pavel pawel piotr radek sergei
sergey slawomir stanislav stanislaw svetlana tatiana tatyana tomasz vadim valentina vasily viktor
vladimir vladislav wojciech yulia yuri zbigniew zofia zoran dragan goran jelena milica dusan nenad
bojan vesna agnieszka beata dorota ewa justyna karolina monika renata sylwia lukasz michal kamil
marcin rafal tadeusz witold dominika petra jana lenka tereza zuzana jiri ondrej katerina
aurelio pieter johannes henk joost sander bram lars sven nils ingrid astrid sigrid bjorn anders
mikael jukka mikko matti annika giovanni giuseppe luca matteo francesco alessandro alessandra giulia
chiara federica stefano paolo vincenzo salvatore rosaria concetta giorgio enzo emilio dieter jurgen
klaus helmut wolfgang heinz gunther stefan matthias tobias lukas jonas emil greta heike ursula
sabine katrin birgit jacques francois philippe thierry didier sebastien mathieu nicolas olivier
benoit amelie aurelie celine chantal genevieve josee manon nathalie sylvie veronique yves elodie
camille joao tiago afonso mateo ximena guadalupe alejandra catalina consuelo rocio pilar francisca
aroha mere wiremu hemi tane rangi sione tevita mele
marama anahera rawiri tamati manaia huia ngaio ngaire moana tui mereana hohepa losana viliami siosaia
rosalind fenella bernadette philippa henrietta georgina rosamund imelda bridie concepta
bongani sipho thabo lerato nomvula thandiwe sizwe themba zanele lindiwe mpho kagiso tshepo ayanda
busisiwe nokuthula lwazi siyabonga nandi zodwa mandla precious-mae chidi nkechi babajide abimbola uche
chukwuemeka nnamdi adaobi oluwatobi olumide tobenna kwadwo yaa akua esi ama
devika nikhil pranav sanjana shreya deepika nandini navdeep aishwarya anushka harsha karthik lavanya
mohan prakash rajani saritha shalini shankar swati tejas vidya yamini
thao ngoc xiaoming jiayi kenta yui min-jun ji-woo seo-yeon soo-jin hiroko keiko kazuo makoto
henrik gunnar freja linnea maja elin karin marijke willem sanne femke jeroen lotte anouk sofie kasper
mette radoslaw andriy taras bohdan mehmet ayse emre zeynep murat elif burak ahmet bilal reza hossein
nasrin parisa farid dariush arash eilis nuala fionnuala tomasz piotr krzysztof agnieszka malgorzata
katarzyna wojciech jakub marek pawel andrzej zofia
""".split())

# Capitalised words that can follow "patient" or an honorific-free context but are not names.
NOT_NAMES = frozenset("""
a an the this that these those he she they his her their him them it its i we you our my your
who whom whose which what when where why how and but or nor so yet if then than also still
was is are were be been has had have do does did will would can could should may might must
after before during while since until because although though however therefore meanwhile
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
today tomorrow yesterday tonight overnight
yes no not none nobody everyone someone
hospital clinic medical center centre university college institute department ward unit icu
emergency general county memorial regional community health healthcare medicine surgery
syndrome disease disorder sign test criteria score scale classification fracture trial study
english spanish french german chinese arabic hindi urdu portuguese russian italian
american british canadian australian indian african european asian hispanic latino latina
christian muslim jewish hindu buddhist catholic
note update edit ps pmid doi nct ct mri ecg ekg cxr cbc bmp cmp abg vbg lft
foley medicare medicaid covid jehovah safety experience education portal advocate advocacy
relations services satisfaction care outcomes navigator information leaflet access transport
registration record records protection rights voices family exam labs vitals plan assessment
history imaging echo uber lyft zero reported centered centred assistance like flow
denies reports states seen examined tolerating ambulating alert afebrile stable awake comfortable
admitted discharged presents presented complains agrees refused declined consented remains
continues underwent received requires needs says said reported asked wants hx dx tx
in on at of to for by with from into per via about re hi hello dear thanks case summary background
question scenario vignette later again next now here there instead anyway afterwards otherwise
overall indeed thus hence ok okay well
patient patients client subject participant river valley forest mountain creek lake island
""".split())

# Nouns that follow an eponym ("Charles Bonnet syndrome", "Austin Flint murmur").
EPONYM_NOUNS = frozenset("""
syndrome syndromes disease diseases disorder palsy sign signs test tests maneuver manoeuvre
jaw jaw-winking winking phenomenon
reflex reflexes phenomenon criteria score scale classification fracture fractures lesion lesions
nodes node spots murmur pupil tear tears triad pentad law rule rules equation formula method
procedure operation repair technique catheter tube needle stain staining body bodies cell cells
node's ulcer ulcers anomaly malformation tumor tumour lymphoma sarcoma disease's esophagus
oesophagus thyroiditis sequence complex ratio index line lines position incision
murmurs manoeuvres maneuvers phenomena triads
nodule nodules treatment therapy program programme model approach initiative encephalopathy
dystrophy ataxia hernia contracture node regimen protocol stage staging surgery reconstruction
virus viruses fever encephalitis hallucinations hallucinosis tool tools questionnaire inventory
assessment""".split())

# Words for clinicians: a name right after these (or right before ", MD") is a colleague.
CLINICIAN_WORDS = frozenset("""
dr dr. doctor prof prof. professor colleague colleagues attending consultant registrar fellow
resident intern surgeon physician cardiologist neurologist nephrologist oncologist radiologist
pathologist hospitalist intensivist internist anesthetist anaesthetist anesthesiologist
pediatrician paediatrician psychiatrist dermatologist gastroenterologist endocrinologist
hematologist haematologist pulmonologist rheumatologist urologist gynecologist obstetrician
nurse pharmacist author authors investigator investigators editor editorial mentor chief
manager director administrator coordinator secretary technician therapist physiotherapist dietitian
midwife chaplain matron sister supervisor librarian lecturer dean
practitioner practitioners paramedic paramedics psychologist counsellor counselor sonographer
radiographer physio optometrist dentist podiatrist audiologist microbiologist virologist geneticist
epidemiologist clinician clinicians neurosurgeon perfusionist orthoptist hygienist doula
sho spr hmo jmo
""".split())

# Words after a name that make it an institution, award or eponym ("Henry Ford Hospital").
INSTITUTION_NOUNS = frozenset("""
hospital hospitals health healthcare clinic clinics center centre institute university foundation
school college house alliance trust society award prize lecture memorial medical children's
cancer heart library fund fellowship scholarship group guidelines guideline lab laboratory
academic care""".split())

# Eponyms of two names that are written without their noun ("an Austin Flint", "Graham Steell or
# Austin Flint?", "Charles Bonnet in an 80F"), folded to lower case without accents.
EPONYM_NAMES = frozenset(name.strip() for name in """
austin flint, graham steell, carey coombs, charles bonnet, argyll robertson, marcus gunn, ramsay hunt,
grey turner, mary joseph, sister mary joseph, hughlings jackson, holmes adie, stewart treves, claude bernard,
hutchinson gilford, gilles de la tourette, jean charcot, ludwig guttmann, lown ganong, wolff parkinson,
brown sequard, guillain barre, dandy walker, arnold chiari, peutz jeghers, osler weber, von willebrand,
von hippel, von recklinghausen, de quervain, le fort, jervell lange, romano ward, kearns sayre,
hallervorden spatz, creutzfeldt jakob, gerstmann straussler, mallory weiss, zollinger ellison,
budd chiari, stevens johnson, henoch schonlein, kasabach merritt, klippel trenaunay, sturge weber,
prader willi, beckwith wiedemann, charcot marie, ehlers danlos, loeys dietz, lesch nyhan
""".split(",") if name.strip())

# Eponyms that name a disease on their own, as clinicians shorten them ("Kawasaki presented with
# five days of fever", "Wilson presented with tremor"): before "presented with" such a word is
# the disease, not a patient. A patient with one of these surnames is still found by the forms
# that need a title or a given name ("Mr Wilson", "Ada Weber").
DISEASE_EPONYMS = frozenset("""
kawasaki behcet lyme takayasu sjogren raynaud meniere peyronie kaposi marfan gaucher fabry tourette
alzheimer hashimoto hirschsprung wernicke korsakoff zenker wilms ewing burkitt duchenne brugada
prinzmetal goodpasture wegener churg kikuchi waldenstrom castleman kartagener dupuytren perthes
legionnaires pott bell wilson weber still conn barrett paget whipple horner graves cushing crohn
hodgkin parkinson addison huntington guillain menkes kienbock osgood scheuermann
""".split())

# Surnames of stand-in names ("John Doe", "Joe Bloggs", "John Citizen", "Joe Soap"): nobody's.
PLACEHOLDER_SURNAMES = frozenset("doe bloggs citizen soap public roe".split())

# Historical physicians and scientists a post may quote ("as William Osler said").
FAMOUS_SURNAMES = frozenset("""
osler hippocrates galen harvey jenner lister snow semmelweis nightingale fleming pasteur koch
virchow cushing halsted apgar salk sabin freud laennec addison bright charcot hodgkin parkinson
alzheimer crohn graves hashimoto kaposi starling frank heimlich seldinger swan ganz fontan blalock
taussig barnard denton cooley debakey white wolff heberden auenbrugger sydenham vesalius
""".split())

# Two- and three-letter capitals that are abbreviations, not initials ("In the ED, a 45-year-old").
NOT_INITIALS = frozenset("""
AM PM US UK EU UN USA NHS VA ED ER OR ICU CCU MICU SICU NICU PICU PACU BP HR RR PE MI CT MRI
CHF COPD CKD ESRD DM HTN CAD AF TB HIV MS ALS SLE RA IBD GI ENT OB GYN ID HEM ONC PCP NP PA RN
MD DO PHD MPH EMS EMT CPR ACLS BLS DNR DNI GCS CVA TIA DVT UTI URI AKI ARDS ICD NB PS FYI TLDR
DKA HHS SOB CP LOC AMS CC HPI ROS PMH PSH FH SH OD IV IM SC PO PR SL BID TID QID QD PRN NPO GFR
LFT CBC BMP CMP ABG VBG EKG ECG EEG EMG CXR KUB US TTE TEE LP OT PT ST SLP SNF LTC ALF QI MM
""".split())

# Places too large to identify anyone (continents, countries, states, provinces, large regions),
# lower case, separated by commas: "a farmer from Kenya", "a girl from Queensland" name nobody.
LARGE_PLACES = frozenset(place.strip() for place in """
africa, asia, europe, america, north america, south america, central america, latin america, oceania,
australasia, antarctica, caribbean, middle east, scandinavia, balkans, siberia, patagonia,
afghanistan, albania, algeria, angola, argentina, armenia, australia, austria, azerbaijan, bahamas,
bahrain, bangladesh, barbados, belarus, belgium, belize, benin, bhutan, bolivia, bosnia, botswana,
brazil, brunei, bulgaria, burkina faso, burundi, cambodia, cameroon, canada, chad, chile, china,
colombia, congo, costa rica, croatia, cuba, cyprus, czechia, czech republic, denmark, djibouti,
dominica, dominican republic, ecuador, egypt, el salvador, eritrea, estonia, eswatini, ethiopia, fiji,
finland, france, gabon, gambia, georgia, germany, ghana, greece, grenada, guatemala, guinea, guyana,
haiti, honduras, hong kong, hungary, iceland, india, indonesia, iran, iraq, ireland, israel, italy,
ivory coast, jamaica, japan, jordan, kazakhstan, kenya, kiribati, korea, south korea, north korea,
kosovo, kuwait, kyrgyzstan, laos, latvia, lebanon, lesotho, liberia, libya, lithuania, luxembourg,
madagascar, malawi, malaysia, maldives, mali, malta, mauritania, mauritius, mexico, moldova, mongolia,
montenegro, morocco, mozambique, myanmar, burma, namibia, nepal, netherlands, holland, new zealand,
nicaragua, niger, nigeria, norway, oman, pakistan, palestine, panama, papua new guinea, paraguay, peru,
philippines, poland, portugal, puerto rico, qatar, romania, russia, rwanda, samoa, saudi arabia,
senegal, serbia, sierra leone, singapore, slovakia, slovenia, somalia, south africa, south sudan,
spain, sri lanka, sudan, suriname, sweden, switzerland, syria, taiwan, tajikistan, tanzania,
thailand, timor, togo, tonga, trinidad, tunisia, turkey, turkmenistan, tuvalu, uganda, ukraine,
united kingdom, united states, uruguay, uzbekistan, vanuatu, venezuela, vietnam, viet nam, yemen,
zambia, zimbabwe, england, scotland, wales, northern ireland, britain, great britain, uk, usa, us,
alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, hawaii,
idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan,
minnesota, mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico,
new york state, north carolina, north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island,
south carolina, south dakota, tennessee, texas, utah, vermont, virginia, washington state,
west virginia, wisconsin, wyoming, new south wales, victoria, queensland, tasmania, western australia,
south australia, northern territory, ontario, quebec, british columbia, alberta, manitoba,
saskatchewan, nova scotia, new brunswick, newfoundland, labrador, prince edward island, yukon, nunavut,
northwest territories, kerala, tamil nadu, karnataka, maharashtra, gujarat, punjab, rajasthan, bihar,
west bengal, uttar pradesh, andhra pradesh, telangana, odisha, assam, goa, haryana, jharkhand,
madhya pradesh, gauteng, kwazulu-natal, kwazulu natal, western cape, eastern cape, northern cape,
limpopo, mpumalanga, free state, north island, south island, midlands, highlands, outback
""".split(",") if place.strip())
