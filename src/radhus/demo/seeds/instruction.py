"""S4: the municipal director's instruction (seed 004).

The seed is a real instruction, but it does not name its municipality. The demo attaches it to
Örnsköldsvik's director's post as a model (mall), and says so in the title and the text. The
board gives the director such an instruction under KL 7 kap. 2 §.
"""

TITLE = "Instruktion för kommundirektören (mall)"

# The seed's text with the line breaks of its PDF joined and its bullets written as "•".
BODY = """\
Mall: instruktionen nedan är en verklig kommundirektörsinstruktion vars kommun inte anges i \
källan. I demon visas den som exempel på den instruktion som kommunstyrelsen ska ge \
kommundirektören (7 kap. 2 § kommunallagen).

Kommundirektören är kommunens ledande tjänsteman. Syftet med instruktionen är att tydliggöra \
arbets- och rollfördelningen mellan kommundirektören och kommunstyrelsens ordförande, och mellan \
kommundirektören och förvaltningschefer. Kommundirektören är anställd av kommunstyrelsen och \
svarar inför denna.

Kommundirektörens uppdrag
• Verka för en tydlig roll- och uppgiftsfördelning mellan förtroendevalda och tjänstemän.
• Att vara chef över förvaltningscheferna.
• Biträder kommunstyrelsen i den uppsikt som kommunstyrelsen har över nämnder, bolag och förbund \
i enlighet med kommunallagen för att säkerställa verkställigheten av kommunfullmäktiges och \
kommunstyrelsens beslut.
• Leda, samordna och utveckla kommunens samlade verksamheter så att lagstiftning, \
policydokument och riktlinjer efterlevs samt att kommunstyrelsens krav på servicenivå, kvalitet, \
säkerhet och kostnadseffektivitet uppnås.
• Ansvara för strategiska utvecklingsfrågor där kontakter med näringsliv, länsstyrelse och \
övriga regionala organ ingår samt kontakter med statliga organ, andra kommuner och region samt \
medborgare och organisationer.
• Utveckla planerings- och styrmodeller, uppföljnings- och utvärderingsmodeller samt ha ett \
särskilt ansvar för kommungemensamma rutiner som ger koncernnytta totalt sett.

Arbetsuppgifter mot politiska organ

Kommunstyrelsen och dess utskott
Kommundirektören
• Ska omsätta i handling kommunstyrelsens mål och strategier.
• Regelbundet ge kommunstyrelsen och dess ordförande information hur genomförandet av de \
politiska besluten går och vid eventuella avvikelser lämna förslag till alternativa åtgärder.
• Är ytterst ansvarig för beredning av alla ärenden. Ärenden från annan nämnd, bolag eller \
förbund ska kommundirektören tillse att ärenden kompletteras med yttrande eller beslutsförslag \
t.ex. med avseende på finansiering av förslagen.
• Ansvarar för att beslut verkställs.
• Initierar, bereder och lägger förslag till ärenden som ankommer på kommunstyrelsens \
ansvarsområde.
• Har närvaro och yttranderätt. Kommundirektören har rätt att göra en anteckning till \
protokollet. T.ex. om beslut innebär att finansiering saknas.

Kommunfullmäktige och övriga nämnder
Kommundirektören
• Har närvaro och yttranderätt i kommunfullmäktige och kommunens nämnder.

Arbetsuppgifter mot kommunala bolag och förbund
Kommundirektören
• Ansvarar för samordning mellan bolag, nämnder och förbund.
"""
