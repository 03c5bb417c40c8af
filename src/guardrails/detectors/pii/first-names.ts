import { foldName } from './fold.js';
import { GIVEN_NAMES_BY_REGION } from './given-names.js';

/**
 * A compact gazetteer of common given names (English plus frequent European, Latin American, Slavic,
 * Nordic, Arabic and East Asian names), written from general knowledge. Lower-cased.
 */
const NAMES = `
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond
jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian
keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel
logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis harry
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
charlotte marie kayla alexis lori tom tim mike jim bob bill ben sam dan max leo luke oliver charlie harriet
jane kate lucy ella chloe mia ava lily zoe ruby molly holly daisy poppy freya isla evie esme phoebe imogen
rosie millie matilda florence amelia erin ewan callum lewis finlay angus fraser hamish rory niall liam conor
sean declan aidan ciaran siobhan aoife niamh roisin orla 
sue carla carlo marco luca giovanni giuseppe francesco alessandro andrea matteo lorenzo stefano paolo antonio
mario roberto federico riccardo davide simone giulia francesca chiara sofia martina alessia valentina elena
silvia laura federica milena rosa lucia carmen pilar dolores mercedes isabel beatriz leticia
raquel rocio ines marta alba nuria montserrat pablo javier carlos miguel luis manuel fernando sergio jorge
alberto rafael ricardo eduardo diego alejandro andres santiago mateo sebastian emilio beltran feliciano joaquin
ignacio gonzalo ramon enrique francisco pedro tiago joao rodrigo gustavo thiago lucas gabriela fernanda camila
juliana mariana larissa leticia bruna amanda priscila vanessa adriana patricia marcia renata heloisa
hans peter klaus jurgen wolfgang dieter helmut uwe gunter horst matthias stefan andreas thomas michael markus
tobias florian sebastian maximilian felix lukas jonas leon paul finn elias julian moritz niklas tim jan
ursula ute monika sabine petra andrea claudia susanne birgit anja heike katrin julia lena lea laura hannah
jean pierre michel philippe alain nicolas christophe francois laurent olivier julien guillaume antoine thierry
sebastien emmanuel mathieu vincent jacques bernard marcel yves marie nathalie isabelle sylvie catherine sophie
christine valerie sandrine celine aurelie camille manon chloe ines amelie margaux juliette elodie
jan piotr krzysztof andrzej tomasz pawel marcin michal grzegorz jakub adam lukasz mateusz wojciech kamil
anna katarzyna malgorzata agnieszka barbara ewa krystyna elzbieta magdalena joanna zofia aleksandra janina
ivan dmitri dmitry sergei sergey alexei alexey andrei vladimir nikolai mikhail yuri oleg igor boris pavel
viktor anatoly maxim artem denis roman olga natalia tatiana irina svetlana ekaterina anastasia elena yulia
marina galina ludmila valentina vera nadia daria ksenia vanessa
lars anders nils johan erik per karl olof sven bjorn gunnar magnus henrik mikael fredrik jonas emil oskar
axel hugo ingrid astrid sigrid karin kerstin birgitta margareta eva maja ebba elsa linnea agnes
mette hanne kirsten lone susanne signe freja ida kaija aino eino juha jari mika timo pekka matti antti
tuomas ville sami janne heikki kari liisa tuula sari minna riikka leena helmi jonathan ole arne knut
jens soren mads rasmus morten kasper magda anette
ahmed mohammed mohamed muhammad ali omar hassan hussein ibrahim khalid mahmoud youssef yusuf karim tariq
fatima aisha zainab mariam layla leila noor amira yasmin salma hana sara rania
wei li ming hui jun jie lei yan ying xin hao chen yu hiroshi takashi kenji yuki haruto sota yuto
akira satoshi kenta daiki naoki sakura yui hina aoi mei rin riko ayumi keiko yoko kaori naomi
raj rahul amit vijay sanjay arjun rohan ravi anil sunil priya pooja anjali neha divya kavya ananya deepa
kwame kofi ama chinedu emeka ngozi amara tunde
`;

/** Lower-cased, ASCII-folded given names from both lists. */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `${NAMES} ${GIVEN_NAMES_BY_REGION}`.split(/\s+/).filter((n) => n.length > 1).map(foldName),
);

/**
 * Given names that are also everyday English words or months: alone, or in lower-case text, they are not
 * evidence of a person ("will", "may", "grace").
 */
export const WORD_LIKE_NAMES: ReadonlySet<string> = new Set(
  `will bill mark may june april august grace hope faith joy rose ruby amber pearl iris lily daisy holly ivy dawn
  summer autumn art bob rob jack frank guy pat sue don ray gene dean drew chase hunter miles max sky river rich
  sunny harry penny patience charity felicity destiny harmony melody carol cliff dale glen grant hazel heath jay
  kay lance lee long mason nick norman page pierce price reed rex rusty sandy sterling stone storm tanner wade
  ward wells west young an my son van can min eve era sol sage angel ivory crystal jasmine violet major marshall
  royal princess christian mercedes jade opal olive coral ginger heather basil bud buck chuck chip colt dash duke
  earl fern gale herb hunt jewel king lane lark lord lucky mack marsh merry misty moss pansy pepper poppy rain
  robin rocky rowan ruth scout sherry skip slim spike star tad teddy trinity tucker velvet willow wren bella
  chance chester clay cole carter baker cooper fisher mason porter miller hall edit even odd bent tore dag per bo
  unto ping gang hung said mere floor genesis piper siri`.split(/\s+/).filter((n) => n !== ''),
);
