import { foldName } from './fold.js';

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

/**
 * More given names by region, written from general knowledge (popular-name lists of the last decades),
 * lower-cased and folded to ASCII (see fold.ts).
 */
const NAMES_BY_REGION = `
aaliyah abby abel abraham ada adalyn addison adeline adrian adriana agnes aidan aiden alana alani alayna
alec alejandra alena alexa alexandra alexandria alfred alfredo alice alicia alina alisha alison alissa alivia
allan allen allie allison alma alvin alyssa amanda amari amaya amelia amos amy andre andrea andres andy angel
angela angelica angelina angie anita ann annabelle anne annette annie antoine antonio april arabella archer
archie ariana ariel arlene armando arnold aron arturo asher ashton athena aubrey audrey august aurora autumn
ava avery axel bailey barry beatrice becky belinda bella benny bernadette bernard bernice bert beth bethany
betsy beverly bianca blake blanche bonnie brad bradley brady brendan brenda brent brett briana brianna bridget
brielle brittany brock brooke brooklyn bruce bryce bryson buddy byron caden caitlin caleb calvin camden cameron
camila candace candice cara carina carl carlton carmen carol caroline carolyn carrie carson carter casey cassandra
cassidy cecil cecilia cedric celeste celia chad chance chandler charlene charles charlie charlotte chase chelsea
cheryl chester cheyenne chris christa christian christie christy cindy claire clara clarence claude claudia clay
clayton clifford clifton clint clinton clyde cody colby cole colin colleen collin colton connie connor conrad
constance cooper corey cory courtney craig cristina crystal curtis cynthia daisy dale dallas damian damon dana
dane danielle danny daphne darcy darius darla darlene darnell darrell darren darryl daryl dave davis dawn dean
deanna debbie deborah declan dee delaney delia della delores demetrius derek derrick desiree destiny devin devon
dewey dexter diana diane dianne dixie dolly dominic dominick don donna donovan dora doreen doris dorothy doug
drake drew duane dustin dwayne dwight dylan earl easton eddie edgar edith edmund edna eduardo edwin eileen elaine
eleanor elena eli eliana elias elijah elisa elise eliza ella ellen ellie elliot elliott ellis eloise elsie elvis
emerson emery emilia emmett enrique erica erick erik erika erin ernest ernesto esmeralda essie estelle esther
ethel etta eugene eula eva evan evangeline everett ezekiel ezra faith fannie faye felicia felix fernando finn
fiona flora floyd forrest francesca francis francisco frankie franklin fred freddie frederick gabriela gabriella
gabrielle gail garrett garry gavin gayle gena gene genesis geneva genevieve georgia gerald geraldine gertrude
gianna gilbert gina ginger giovanni gladys glen glenda glenn gordon grady graham grant grayson greg greta
gretchen guadalupe guy gwen gwendolyn hailey haley hank harley harmony harper harrison harvey hattie hayden
hazel heath hector heidi herbert herman hilda holly homer hope horace howard hubert hudson hugh hunter ian ida
ignacio imani ingrid irene iris irma isaac isabel isabella isaiah isla ivan ivy jace jackie jackson jacqueline
jada jade jaden jaime jake jalen jamal jamie jana janelle janet janie janice janine jared jasmine jason jasper
javier jax jay jayden jayla jeanette jeanne jeff jeffery jenna jenny jeremiah jermaine jerome jesse jessie jesus
jill jillian jimmy jo joan joann joanna joanne jocelyn jodi jody joel joey johanna johnathan johnnie johnny jon
jonah jordan jorge josefina josephine josh josie joy joyce juanita jude judith julia julian juliana julianne
julio june junior justine kaden kai kaitlyn kara karen kari karina karl karla kate katelyn katharine kathy katie
katrina kay kaylee keira kelley kelsey kendall kendra kennedy kenny kent kerry kieran kim kimberly kirk kristen
kristi kristin kristina kristy krystal kurt kylie lacey laila lamar lana lance landon lara larry latoya laurie
lawson layla leah lee leland lena leon leona leonard leroy lesley leslie lester leticia levi lewis liam lila
liliana lillian lillie lincoln lindsay lindsey lionel lois lola lonnie lora loretta lorraine louise lucas lucille
lucy luis luna lydia lyle lynn mabel mack mackenzie madeline madelyn mae maggie malcolm malik mallory mamie mandy
manuel marc marcia marco marcus margarita margie marguerite mariah marian marianne marie marilyn mario marion
marjorie marlene marlon marsha marshall marvin maryann mathew matt mattie maureen maurice mavis maxine maya
maynard megan mel melanie melinda melody melvin mercedes meredith micah michele miguel mildred miles milo milton
minnie miranda miriam misty mitchell molly monica monique morgan morris moses muriel myra myrtle nadine naomi
natasha nathaniel neil nell nellie nelson nettie nicholas nick nicolas nina noel nolan nora norma norman oliver
olive ollie omar opal ora orlando oscar otis owen paige pam pamela parker pat patsy patty paula paulette pauline
pearl pedro peggy penelope penny percy perry pete phil phillip phyllis pierce piper polly preston priscilla quentin
quinn rachael rae ralph ramona randall randolph raquel reagan reba reese regina reginald reid rene renee rex rhonda
ricardo rick ricky riley rita rob robbie robert roberta robin rochelle rodney rogelio roland rolando ronnie rosa
rosalie rosemary ross rowan roxanne ruben rudy rufus russ ruth ryan sabrina sadie sally salvador sam sammy
santiago sarai savannah sawyer scarlett selena serena seth shane shannon shari shaun shawn shawna sheila shelby
sheldon shelley sheri sherman sherri sherry sidney sierra silas simon sofia sonia sonja sonya spencer stacey stacy
stanley stella stephanie sterling steve stuart sue summer susie suzanne sydney sylvia tabitha tamara tami tammy
tanya tara tasha taylor ted teddy terrance terrence tessa thelma theo theodore tiffany timmy tina toby todd tomas
tommy toni tony tonya tracey traci tracy travis trent trevor trisha tristan troy trudy tyrone valerie vance vera
vernon veronica vicki vickie vicky victor vince viola violet virgil vivian wade wallace wanda warren wendell wendy
wesley weston whitney wilbur wilma winifred winston wyatt xavier yolanda yvette yvonne zachary zane zara zelda
zoe zoey
alessandro alessio alfonso amedeo angelo annalisa antonella arianna aurelio beatrice benedetta bruno carla carolina
cesare claudio concetta cristiano daniele dario donatella edoardo elisabetta emanuele enrico enzo ettore fabio
fabrizio filippo flavio franco gabriele gaetano giacomo giada gianluca gianni gino giorgia giorgio giulio
graziella ilaria leonardo loredana luciano luigi manuela marcello margherita mariangela marisa massimo maurizio
mirko nicola nicoletta noemi orazio ornella ottavio piero pietro raffaele renato rita rocco romano rosalia
rossana sabrina salvatore sara serena silvio tiziana tommaso ugo umberto vincenzo vittoria vittorio
adela adolfo agustin aitana alicia alvaro amparo anibal araceli arturo aurora benito blanca candela catalina
cayetana celia cristobal dolores elisa encarnacion esperanza esteban eugenia eva fabiola felipe florencia
gerardo gilberto gloria gregorio guillermo hector hernan hugo inmaculada irene jacinto jaime jimena josefa juana
julia julio leandro leonor lorena lourdes lucas luciana macarena marcela marcos margarita mariano marisol
martin maximiliano milagros nahuel nicolas noelia octavio olga osvaldo paola patricio paula paulina pilar
ramiro ramon reinaldo rocio rosario ruben salvador samuel sancho santino sara sergio silvia soledad tomas
valeria valentin veronica victoria vicente ximena yolanda
adriano afonso alexandre aline anderson antonia aparecida bernardo caio camila carolina cecilia cristiano
daniela debora diogo edson eliane elisangela fabiana fabio francisca guilherme gustavo helena henrique igor
isabela joana jorge josue julio kleber leandro leonardo luana luciana luiz marcelo marcio marcos mauricio
murilo natalia otavio paulo rafaela raimundo reinaldo renan sandro sebastiao simone tatiana teresa thais
vinicius vitor wagner wellington
adele adrien agathe alexis alice amandine anais andre anne-marie arnaud audrey aurelien baptiste benoit
bertrand brigitte bruno capucine cedric chantal charles clarisse claude clement colette corinne damien denis
didier dominique edith eloise emile emilie eric estelle etienne fabien fabrice florence florian francoise
gael gaelle gaspard genevieve gerard gilles gisele helene henri herve hugues jacqueline jeanne jerome joel
josette jules justine lea leon lionel louis louise luc lucie lucien madeleine marc marcel marguerite marion
martine maxime mireille monique noel odette odile pascal pascale patrice paulette raphael regis remi renaud
romain rose sabine solene stephane sylvain therese timothee valentin victor yann yannick yvette yvonne zoe
achim alexander alfred andrea anke anna annegret annette antje arnold axel benedikt bernd bettina bianca
birgit bjorn brigitte burkhard carsten christa christel christiane christoph cornelia dagmar detlef dirk doris
edith elfriede elke elisabeth emma erich erika ernst esther eva frank franz frieda friedrich fritz gabriele
georg gerd gerda gerhard gertrud gisela gregor gudrun guido gunther hannelore hans-peter harald hartmut
hedwig heidi heike heinrich heinz helga helene helmut herbert hermann hildegard holger horst hubert ilse inge
ingeborg ingo irmgard jana jens joachim jochen johanna johannes jorg josef jurgen kai karin karl-heinz karsten
katharina kerstin klaus konrad kurt lars lieselotte lothar lutz manfred manuela margarete margot maria marianne
marlene martha martina mathias max melanie michaela mia monika nadine nicole norbert olaf otto paula peter
petra rainer ralf reinhard renate rolf rosemarie rudolf rudiger sabine sandra silke simone sonja stefanie
steffen susanne sven swen thorsten tobias torsten ulrich ulrike ute uwe volker walter waltraud werner wilhelm
wolfgang
aad adriaan anke annelies anouk arjen bart bas bram cees coen daan dirk douwe eline els emma esther evert femke
fenna floor floris frits gerrit gert geert hendrik henk ilse ingrid jaap jan jasper jelle jeroen joost joris
jos kees klaas koen lieke lotte luuk maarten marieke marleen martijn mieke niels nienke noor peter pieter
rob roel ruud sander sanne saskia sem stijn teun thijs tim tom wim willem wouter yvonne
aase agnete alf anders anette anne-lise arild arne asbjorn aslak asta astrid audun bente berit birger bjarne
bjorg bodil borghild britt brynjar camilla dagny dagfinn egil eilif einar eirik elin ellinor erling espen
eva even finn frida frode geir gerd gisle gro gudrun gunhild gunnar gunnhild guri hakon halfdan halvor hanna
harald hege helge hilde hjalmar inga ingeborg inger ingrid ingvild ivar jarle jorunn jostein kari karin kjell
kjersti knut kristian kristin kristoffer lasse leif linn liv magne marit marte martin mats mette morten nils
odd oddny oline ola olav ole oystein pal ragnar ragnhild randi rune sigmund sigrun sindre siri sissel solveig
stein steinar stig sunniva svein synnove terje thea thor thora tone tor tora tore torill torstein tove trond
trude turid unni vegard vidar vigdis
agneta alva annika arvid bengt birgit bo britta dag elin elof elvira erland evert gosta goran gudmund gunilla
gustav gote hedda helmer ingemar ingvar jesper joakim jonna kajsa kent klas krister lena lennart linnea lisa
lovisa malin marianne mats mikael moa nils oskar pernilla ragnar rolf sten stina ture ulf ulla viggo vilhelm
vilma ylva
aage bent birthe bjarke bodil dorthe esben flemming frederik gitte grethe hanne helle inge jakob jesper jorgen
jytte karen kirsten knud lene lisbeth mads mogens niels palle pia poul preben rikke svend tage tove ulla vagn
agust anna arna arni asdis asgeir baldur bjarni bjork bragi dagny einar elin erlendur eyjolfur freyja gisli
gudmundur gudrun gunnar halldor hallgrimur haraldur helga hildur hjalti hrafn inga ingibjorg jon jona jonas
katla kristin kristjan magnus olafur pall ragnheidur ragnar sigridur sigurdur sigrun solveig stefan steinunn
sveinn thorgerdur thorunn unnur valdimar vilhjalmur
aapo aarne aatu aila aili aino aki aleksi anja anneli anni antero anu arja arto arvo asko eero eija eila eino
elina elli emma erkki esa esko hanna hannele hannu harri heidi heikki helena helvi henna hilkka ilkka ilmari
ilona irja irma jaakko jani jarkko jarmo jouko jukka juhani jussi jyrki kaarina kaisa kalevi kari kaarlo kati
katja kimmo kirsi kristiina kyosti lauri leena lempi liisa maarit maija marjatta marjo marja markku markus
marko merja mikko minna mirja mirjami niina niko noora olavi oskari outi paavo paivi pasi pauli pentti perttu
pirjo pirkko raija raimo rauni reijo reino riitta risto ritva sakari sami sanna satu seppo sinikka sirpa
soile sulo suvi taina taneli tapani tapio tarja teemu tellervo terhi tero tiina toini tommi tuomo tuula ulla
unto urho vaino valtteri veikko veli vesa vilho ville virpi
adam ala alicja alina andrzej aneta bartosz beata bogdan bogumil boleslaw bozena cezary czeslaw damian danuta
dariusz dawid dominika dorota edyta elzbieta emilia ewelina filip franciszek gabriela grazyna halina henryk
hubert ilona irena iwona izabela jacek jadwiga jakub janusz jaroslaw jerzy jolanta julian justyna kacper
karol kazimierz kinga konrad kornelia krystian krzysztof leszek lucja ludwik maciej malgorzata marek mariusz
marzena miroslaw monika natalia norbert oliwia patryk paulina piotr przemyslaw radoslaw renata robert roman
ryszard sebastian slawomir stanislaw stefan szymon tadeusz teresa urszula wanda weronika wieslaw witold
wladyslaw wojciech zbigniew zdzislaw zenon zofia zuzanna
adela alena alois ales antonin bedrich blanka bohumil bohuslav bozena bretislav dagmar dana daniela drahomira
dusan eliska emil frantisek hana helena ilona irena ivana ivo jan jarmila jaromir jaroslav jaroslava jindrich
jiri jitka josef karel katerina kamila klara kveta ladislav lenka libor libuse lubomir lucie ludmila lukas
marcela marketa martina matej michaela milada milan milena miloslav miluse miroslav miroslava nikola oldrich
ondrej otakar pavla pavlina petr petra premysl radek radka radim renata richard romana rostislav ruzena sarka
simona stanislav stepan svatopluk tereza tomas vaclav vaclava vera veronika vit vitezslav vladimir vlasta
vojtech zbynek zdenek zdenka zuzana
agnesa anton bohus branislav dominik dusana eva frantiska igor ivan jozef juraj kristina lubica lubos ludovit
marian matus milos miroslava peter rastislav silvia stefan tibor vladimir zuzana
adrienn agnes agota aladar albert alexandra andras aniko anna antal arpad attila balazs bela bence boglarka
brigitta csaba csilla daniel denes dezso dora edina edit eniko erika erno erzsebet eszter etelka ferenc gabor
gabriella gergely gizella gyorgy gyula hajnalka henrietta ibolya ildiko ilona imre istvan janos jolan jozsef
judit julianna kalman karoly katalin klara kornel krisztian krisztina laszlo levente lili lorand magdolna
marianna marton matyas melinda miklos nandor nikolett noemi orsolya oszkar otto peter piroska reka rezso
roland rozalia sandor sarolta szabolcs szilvia tamas tibor timea vilmos viktoria zita zoltan zsofia zsolt
zsuzsanna
aleksandar aleksandra ana andrija anka antun biljana bojan bojana boris borislav branka branko darko davor
dejan dijana dorotea dragan dragana dubravka dusan dusanka goran gordana hrvoje igor ivan ivana ivica jadranka
jasmina jelena josip jovan jovana katarina kresimir ljiljana ljubica ljubomir luka marija marina marko milan
milena milica milorad miodrag mirjana miroslav mladen nada natasa nebojsa nenad nikola ognjen petar predrag
radovan ratko ruzica sanja sasa silvija slavica slobodan snezana srdjan stjepan suzana svetlana tatjana tihomir
tomislav vesna vladimir vlado zarko zeljko zlatko zoran zorica zvonimir
aleksei alla alyona anatoliy andrey angelina anton antonina arkady arseny artyom bogdana daniil darya denis
dmitriy egor elizaveta evgeny evgenia fedor gennady georgy gleb grigory ilya inna kirill konstantin kristina
larisa lev lidia lyubov margarita matvey nadezhda nikita nina oksana pavel polina raisa rodion ruslan semyon
stanislav stepan taisiya tamara timofey timur ulyana vadim valentin valery varvara vasily veronika viktoria
vitaly vladislav vsevolod yaroslav yegor yekaterina yelena yevgeny yulia zakhar zhanna zinaida
bohdan halyna mykola mykhailo oleksandr oleksandra oleksiy olena ostap petro stepan taras vasyl volodymyr yurii
aarav abhishek aditi aditya akash akshay alok amar amitabh anand anjali ankit anupama arun aruna ashok ashwin
deepak devendra dinesh gaurav geeta girish gopal hari harish indira isha jaya jyoti kabir kamal karan kiran
krishna kumar lakshmi madhav mahesh manish manoj meena mohan nikhil nisha padma pankaj parvati pradeep prakash
pranav prateek pushpa radha rajesh rajiv rakesh ramesh rani ravi rekha ritu rohit sachin sandeep sangeeta sanjana
santosh sarita saurabh seema shanti shiv shreya shweta siddharth sita smita sneha sudha suman sunita suresh
swati tanvi usha varun vikram vinod vishal yash
abdullah abdul abdulrahman abbas adel adnan ahmad akram amin amir anas asma aziz bashir bilal dalia farah farid
faisal fares fatma ghada habib hadi haider hamid hamza hanan hani hasan hashem hiba hind hoda hussain ilham imad
imran iman issa jamal jamil kamal kareem khadija khaled laila lina majid malak malik mansour marwan maryam maya
mazen mona mostafa mounir mustafa nabil nadia nadir naji najib nasser nour omar osama rami rashid reem rima said
saleh salim sami samir samira sana sherif suleiman tamer tarek wael walid yara yasmine yasser youssef zaid zakaria
zeinab ziad
ayse aylin baris burak can cem deniz ebru elif emre esra fatih hakan hulya ipek kemal mehmet melike murat
mustafa ozan ozlem selin serkan sevgi tolga tugba volkan yusuf zeynep
aiko akane akemi ayaka chie chihiro daisuke emi eri fumiko haruka haruki hayato hideki hikari hinata hiroko
hiromi hiroshi hiroto hitomi ichiro itsuki junko kaito kana kazuki kazuo keiko kenichi kenta koji kota kyoko
mai mami mao masaki masako masao masaru masato mayu megumi michiko midori miho mika miki minoru misaki mitsuki
miyu momoka nanami naoko natsuki noriko osamu reina ren riku ryo ryota ryusei saki sakura satomi sayaka shinji
shintaro shiori shota sho sora suzu takahiro takeshi takumi taro tatsuya tomoko tomomi tsubasa yamato yoshiko
yosuke yuka yukari yuma yumi yuna yusuke yuta yutaka
bao chang chao chun dong fang feng gang guang guo hong hua jian jiang jing juan kai lan lian lin ling long mei
min na ning ping qiang qing rong shan shu tao ting wen xia xiang xiao xiu yang yi yong yun zhen zhi zhong
bo-ra da-eun eun-ji ha-eun hye-jin ji-ho ji-hoon ji-woo ji-yeon jin jung-ho min-jun min-seo seo-yeon seung
soo-jin sung-min young-ho yu-na dae-jung hyun
an anh binh chi dung duc giang hai hanh hieu hoa hoang hung huong huy khanh lan linh long minh my nam ngoc nhung
phuong quang quynh son thanh thao thu thuy tien trang trung tuan tung van viet vinh xuan yen
abena adaeze adebayo adwoa akosua amaka ayodele babajide chiamaka chidi chioma efua folake ifeoma kehinde kojo
kwabena kwaku nkechi nnamdi obinna oluwaseun segun taiwo temitope uchenna yaa yetunde zainab
aroha kiri manaia mere rangi tane wiremu
`;

/** Lower-cased, ASCII-folded given names from both lists. */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `${NAMES} ${NAMES_BY_REGION}`
    .split(/\s+/)
    .filter((n) => n.length > 1)
    .map(foldName),
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
  unto ping gang hung said mere floor genesis piper siri`
    .split(/\s+/)
    .filter((n) => n !== ''),
);
