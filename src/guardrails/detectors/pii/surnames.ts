import { foldName } from './fold.js';

/**
 * Common family names by region, written from general knowledge (frequency lists of the US, UK, Western
 * and Central Europe, the Nordics, Iberia and Latin America, Eastern Europe and East and South Asia),
 * lower-cased and folded to ASCII. Surname *shapes* (SURNAME_SHAPE) reach the long tail these lists miss.
 */
const SURNAMES = `
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson
walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell
mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales
murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson
watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long
ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher
vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes
bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez
mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson
porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson
boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver
ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight
elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman
johnston matthews pena richards contreras willis carpenter lawrence sandoval guerrero george chapman rios estrada
ortega watkins greene nunez wheeler valdez harper burke larson santiago maldonado morrison franklin carlson austin
dominguez carr lawson jacobs obrien lynch singh vega bishop montgomery oliver jensen harvey williamson gilbert dean
sims espinoza howell li wong reid hanson le mccoy garrett burton fuller wang weber welch rojas lucas marquez fields
park yang little banks padilla day walsh bowman schultz luna fowler mejia davidson acosta brewer may holland juarez
newman pearson curtis cortez douglas schneider joseph barrett navarro figueroa keller avila wade molina stanley
hopkins campos barnett bates chambers caldwell beck lambert miranda byrd craig ayala lowe frazier powers neal
leonard gregory carrillo sutton fleming rhodes shelton schwartz norris jennings watts duran walters cohen mcdaniel
moran parks steele vaughn becker holt deleon barker terry hale leon hail benson haynes horton miles lyons pham
graves bush thornton wolfe warner cabrera mckinney mann zimmerman dawson lara fletcher page mccarthy love robles
cervantes solis erickson reeves chang klein salinas fuentes baldwin daniel simon velasquez hardy higgins aguirre
lin cummings chandler sharp barber bowen ochoa dennis robbins liu ramsey francis griffith paul blair oconnor
cardenas pacheco cross calderon quinn moss swanson chan rivas khan rodgers serrano fitzgerald rosales stevenson
christensen manning gill curry mclaughlin harmon mcgee gross doyle garner newton burgess reese walton blake
trujillo adkins brady goodman roman webster goodwin fischer huang potter delacruz montoya todd wu hines mullins
castaneda malone cannon tate mack sherman hubbard hodges zhang guerra wolf valencia saunders franco rowe gallagher
farmer hammond hampton townsend ingram wise gallegos clarke barton schroeder maxwell waters logan camacho strickland
norman person colon parsons frank harrington glover osborne buchanan casey floyd patton ibarra ball tyler suarez
bowers orozco salas cobb gibbs andrade bauer conner moody escobar mcguire lloyd mueller hartman french kramer
mcbride pope lindsey velazquez norton mccormick sparks flynn yates hogan marsh macias villanueva zamora pratt
stokes owen ballard lang brock villarreal charles drake barrera cain patrick pineda burnett mercado santana shepherd
bautista ali shaffer lamb trevino mckenzie hess beil olsen cochran morton nash wilkins petersen briggs shah roth
nicholson holloway lozano rangel flowers hoover short arias mora valenzuela bryan meyers weiss underwood bass
greer summers houston carson morrow clayton whitaker decker yoder collier zuniga carey wilcox melendez poole
roberson larsen conley davenport copeland massey lam huff rocha cameron jefferson hood monroe anthony pittman
huynh randall singleton kirk combs mathis christian skinner bradford richard galvan wall boone kirby wilkinson
bridges bruce atkinson velez meza roy vincent york hodge villa abbott allison tapia gates chase sosa sweeney
farrell wyatt dalton horn barron phelps yu dickerson heath foley atkins mathews bonilla acevedo benitez zavala
hensley glenn cisneros harrell shields rubio huffman choi boyer garrison arroyo bond kane hancock callahan dillon
cline wiggins grimes arellano melton oneill savage ho beltran pitts parrish ponce rich booth koch golden ware
brennan mcdowell marks cantu humphrey baxter sawyer clay tanner hutchinson kaur berg wiley gilmore russo villegas
hobbs keith wilkerson ahmed beard mcclain montes mata rosario vang walter henson oneal mosley mcclure beasley
stephenson snow huerta preston vance barry johns eaton blackwell dyer prince macdonald solomon guevara stafford
english hurst woodard cortes shannon kemp nolan mccullough merritt murillo moon salgado strong kline cordova barajas
roach rosas winters jacobson lester knox bullock kerr leach meadows davila orr whitehead pruitt kent conway mckee
barr david dejesus marin berger mcintyre blankenship gaines palacios cuevas bartlett durham dorsey mccall odonnell
stein browning stout lowery sloan mclean hendricks calhoun sexton chung gentry hull duarte ellison nielsen gillespie
buck middleton sellers leblanc esparza hardin bradshaw mcintosh howe livingston frost glass morse knapp herman
stark bravo noble spears weeks corona frederick buckley mcfarland hebert enriquez hickman quintero randolph schaefer
walls trejo house reilly pennington michael conrad giles benjamin crosby fitzpatrick donovan mays mahoney valentine
raymond medrano hahn mcmillan small bentley felix peck lucero boyle hanna pace rush hurley harding mcconnell bernal
nava ayers everett ventura avery pugh mayer bender shepard mcmahon landry case sampson moses magana blackburn dunlap
gould duffy vaughan herring mckay espinosa rivers farley bernard ashley friedman potts truong costa correa blevins
nixon clements fry delarosa best benton lugo portillo dougherty crane haley phan villalobos blanchard horne finley
quintana lynn esquivel bean dodson mullen xiong hayden cano levy huber richmond moyer lim frye sheppard mccarty
avalos booker waller parra woodward jaramillo krueger rasmussen brandt peralta donaldson stuart faulkner maynard
galindo coffey estes sanford burch maddox vo oconnell vu andersen spence mcpherson church schmitt stanton leal
cherry compton dudley sierra pollard alfaro hester proctor lu hinton novak good madden mccann terrell jarvis dickson
reyna cantrell mayo branch hendrix rollins rowland whitney duke odom daugherty travis tang archer
muller schneider fischer weber meyer wagner becker schulz hoffmann schafer koch bauer richter klein wolf schroder
neumann schwarz zimmermann braun kruger hofmann hartmann lange schmitt werner schmitz krause meier lehmann schmid
schulze maier kohler herrmann konig walter mayer huber kaiser fuchs peters lang scholz moller weiss jung hahn
schubert vogel friedrich keller gunther frank berger winkler roth beck lorenz baumann franke albrecht schuster
simon ludwig bohm winter kraus martin schumacher kramer vogt stein jager otto sommer gross seidel heinrich brandt
haas schreiber graf schulte dietrich ziegler kuhn kuhl pohl engel horn busch bergmann thomas voigt sauer arnold
wolff pfeiffer
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti de luca mancini costa
giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi caruso ferrara galli martini leone
longo gentile martinelli vitale lombardo serra coppola de santis damico marchetti parisi villa conte ferraro
ferri fabbri bianco marini grasso valentini messina sala de angelis gatti pellegrini palumbo sanna farina rizzi
monti cattaneo morelli amato silvestri mazza testa grassi pellegrino carbone giuliani benedetti barone rossetti
caputo montanari guerra palmieri bernardi martino fiore de rosa ferretti bellini basile riva donati piras
vitali battaglia sartori neri costantini milani pagano ruggiero sorrentino damato orlando negri mele
garcia fernandez gonzalez rodriguez lopez martinez sanchez perez gomez martin jimenez ruiz hernandez diaz moreno
munoz alvarez romero alonso gutierrez navarro torres dominguez vazquez ramos gil ramirez serrano blanco molina
morales suarez ortega delgado castro ortiz rubio marin sanz nunez iglesias medina garrido cortes castillo santos
lozano guerrero cano prieto mendez cruz calvo gallego vidal leon marquez herrera pena flores cabrera campos vega
fuentes carrasco diez caballero reyes nieto aguilar pascual santana herrero lorenzo montero hidalgo gimenez ibanez
ferrer duran santiago benitez mora vicente vargas arias carmona crespo roman pastor soto saez velasco moya soler
parra esteban bravo gallardo rojas
silva santos oliveira souza rodrigues ferreira alves pereira lima gomes costa ribeiro martins carvalho almeida
lopes soares fernandes vieira barbosa rocha dias nascimento andrade moreira nunes marques machado mendes freitas
cardoso ramos goncalves santana teixeira araujo pinto correia cunha monteiro moura cavalcanti azevedo batista
campos coelho medeiros
martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent lefebvre michel garcia david
bertrand roux vincent fournier morel girard andre lefevre mercier dupont lambert bonnet francois martinez legrand
garnier faure rousseau blanc guerin muller henry roussel nicolas perrin morin mathieu clement gauthier dumont
lopez fontaine chevalier robin masson sanchez gerard nguyen boyer denis lemaire duval joly gautier roger roche
roy noel meyer lucas meunier jean perez marchand dufour blanchard marie barbier brun dumas brunet schmitt leroux
colin fernandez pierre renard arnaud rolland caron aubert giraud leclerc vidal bourgeois renaud lemoine picard
gaillard philippe leclercq lacroix fabre dupuis olivier rodriguez da silva hubert louis charles guillot riviere
le gall guillaume adam rey moulin gonzalez berger lecomte menard fleury deschamps carpentier julien benoit paris
maillard marchal aubry vasseur le roux renault jacquet collet prevost poirier charpentier royer huet baron
dupuy pons paul laine carre breton remy schneider perrot guyot barre marty cousin
de jong jansen de vries van den berg van dijk bakker janssen visser smit meijer de boer mulder de groot bos vos
peters hendriks van leeuwen dekker brouwer de wit dijkstra smits de graaf van der meer van der linden kok jacobs
de haan vermeulen van den heuvel van der veen van den broek de bruijn de bruin van der heijden schouten van beek
willems van vliet van de ven hoekstra maas verhoeven koster van dam van der wal prins blom huisman peeters maes
claes goossens wouters de smet dubois lambert dupont martens
johansson andersson karlsson nilsson eriksson larsson olsson persson svensson gustafsson pettersson jonsson
jansson hansson bengtsson jonsson lindberg jakobsson magnusson olofsson lindstrom lindqvist lindgren berg axelsson
bergstrom lundberg lind lundgren lundqvist mattsson berglund fredriksson sandberg henriksson forsberg sjoberg
wallin engstrom eklund danielsson lundin hakansson bjork bergman gunnarsson holm wikstrom samuelsson isaksson
fransson bergqvist nystrom holmberg arvidsson lofgren soderberg nyberg blomqvist claesson nordstrom
hansen johansen olsen larsen andersen pedersen nilsen kristiansen jensen karlsen johnsen pettersen eriksen berg
haugen hagen johannessen andreassen jacobsen dahl jorgensen halvorsen henriksen lund sorensen jakobsen moen
gundersen iversen strand solberg svendsen eide knutsen martinsen paulsen bakken kristoffersen mathisen lie
amundsen nguyen rasmussen solheim berntsen lunde christensen thomsen poulsen madsen mortensen moller
korhonen virtanen makinen nieminen makela hamalainen laine heikkinen koskinen jarvinen lehtonen lehtinen
saarinen salminen heinonen niemi heikkila kinnunen salonen turunen salo laitinen tuominen rantanen karjalainen
jokinen mattila savolainen lahtinen ahonen
nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski wozniak dabrowski kozlowski
jankowski mazur wojciechowski kwiatkowski krawczyk kaczmarek piotrowski grabowski zajac pawlowski michalski krol
wieczorek jablonski wrobel nowakowski majewski olszewski stepien malinowski jaworski adamczyk dudek nowicki
pawlak gorski witkowski walczak sikora baran rutkowski michalak szewczyk ostrowski tomaszewski pietrzak
novak svoboda novotny dvorak cerny prochazka kucera vesely horak nemec pokorny marek pospisil hajek jelinek kral
ruzicka benes fiala sedlacek dolezal zeman kolar navratil cermak urban vanek blaha kriz kovac
nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs juhasz lakatos meszaros olah
simon racz fekete szilagyi torok feher balazs gal kis szucs kocsis orsos pinter fodor szalai sipos magyar lukacs
gulyas biro kiraly katona laszlo jakab bogdan balog sandor boros fazekas kelemen antal orosz somogyi fulop veres
ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov morozov volkov alekseev lebedev
semenov egorov pavlov kozlov stepanov nikolaev orlov andreev makarov nikitin zakharov zaitsev solovyov borisov
yakovlev grigoriev romanov vorobyov sergeev kuzmin frolov alexandrov dmitriev korolev gusev kiselev ilyin
maksimov polyakov sorokin vinogradov kovalev belov medvedev antonov tarasov zhukov baranov filippov komarov
davydov belyaev gerasimov bogdanov osipov sidorov matveev titov markov mironov krylov kulikov karpov vlasov
melnikov denisov gavrilov tikhonov kazakov afanasiev danilov savelyev timofeev fomin chernov abramov martynov
efimov fedotov shcherbakov nazarov kalinin isaev chernyshev bykov maslov rodionov konovalov lazarev voronin
klimov filatov ponomarev golubev kudryavtsev prokhorov naumov potapov zhuravlev ovchinnikov trofimov leonov
sobolev ermakov kolesnikov goncharov emelyanov nikiforov grachev kotov grishin efremov arkhipov gromov kirillov
malyshev panov moiseev rumyantsev akimov kondratiev biryukov gorbunov kiselyov lukin shevchenko kovalenko bondarenko
tkachenko kravchenko oliynyk shevchuk polishchuk boyko melnyk
horvat kovacic babic maric juric novak kovac knezevic vukovic markovic petrovic matic tomic pavlovic bozic
blazevic grgic pavic radic peric kovacevic jovanovic nikolic ilic djordjevic stojanovic popovic zivkovic
stankovic todorovic milosevic mitrovic ristic simic lazic petkovic kostic
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie song tang han
feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao zhong
kim lee park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song yoo hong jeon ko moon yang son
bae baek heo nam
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi
matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto ishikawa yamashita ogawa ishii hasegawa
goto okada kondo maeda fujita endo aoki sakamoto murakami ota kaneko fujii fukuda nishimura miura takeuchi
nakajima okamoto matsuda harada nakagawa nakano ono tamura fujiwara kikuchi
sharma verma gupta kumar singh patel shah mehta joshi reddy rao nair iyer menon pillai das bose banerjee
chatterjee mukherjee ghosh sen dutta chopra kapoor malhotra khanna agarwal bansal jain mishra pandey tiwari
dubey yadav chauhan thakur desai naidu
khan ahmed ali hussain rahman hassan mahmoud ibrahim abdullah aziz haddad khalil saleh nasser mansour youssef
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic aslan cetin kara koc kurt
ozkan simsek
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
okafor okonkwo adeyemi mensah owusu boateng asante oduya kamau otieno mwangi
murphy kelly sullivan walsh smith byrne ryan oconnor obrien lynch murray quinn moore mccarthy doyle gallagher
kennedy fitzgerald dunne kavanagh
`;

export const SURNAME_SET: ReadonlySet<string> = new Set(
  SURNAMES.split(/\s+/)
    .filter((s) => s.length > 1)
    .map(foldName),
);

/**
 * Family-name endings that are rare in ordinary words: patronymics (-sson, -sen, -dottir), Slavic (-ov,
 * -ova, -ić, -ski, -ová), Baltic, Greek, Armenian, Georgian, Finnish (-nen), Iberian (-ez), Italian (-elli,
 * -etti), Irish and Scots prefixes (Mc, Mac, O'), German and Nordic compounds (-berg, -stein, -mann).
 */
export const SURNAME_SHAPE =
  /^(?:(?:mc|mac|o'|fitz)\p{Lu}?\p{L}{2,}|\p{L}{2,}(?:sson|ssen|dottir|dóttir|sen|ović|ovič|ević|evic|ovic|vić|vich|ić|icz|wicz|ski|ska|sky|ská|ský|cki|cka|ová|ova|ov|ev|ovna|enko|chuk|czuk|yuk|iuk|escu|eanu|idis|opoulos|akis|oglu|oğlu|yan|dze|shvili|aitis|aite|iene|ienė|ytė|iņš|nen|ez|elli|etti|ini|ucci|azzi|otti|ardi|berg|borg|stein|stedt|strom|ström|qvist|quist|gren|lund|holm|mann|hausen|hofer|huber|auer|maier|meier|meyer))$/iu;

/** Family names that are also everyday English words: no evidence of a name in "Red Cross", "Apple Park". */
const WORD_SURNAMES = new Set(
  `long may rose white black brown green gray grey young king hill wood woods stone love day little cook bell page
  price cross house church banks fields rich ward west wolf fox case strong frost snow moon golden small short best
  good noble mills walls lane park marsh moss rice bush hunt lamb drake nash hall bird bass brook brooks field hart
  lake rivers ford mason porter baker miller cooper hunter fisher carter turner walker parker booth gates pope
  major bond cash chase cole hardy meadows power powers summers winters waters wells bridges short sharp savage
  stout swift joy hope gold silver rock light street head chambers guy cannon glass`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** True when a capitalised word looks like a family name by its ending or is a frequent one. */
export function looksLikeSurname(folded: string, raw: string): boolean {
  return SURNAME_SET.has(folded) || (raw.length >= 5 && SURNAME_SHAPE.test(raw));
}

/** looksLikeSurname without the names that are also common English words. */
export function distinctSurname(folded: string, raw: string): boolean {
  return !WORD_SURNAMES.has(folded) && looksLikeSurname(folded, raw);
}
