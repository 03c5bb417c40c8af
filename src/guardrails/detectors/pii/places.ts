/**
 * Well-known countries and large cities, written from general knowledge. Lower-cased; multi-word names
 * are matched as phrases.
 */
const COUNTRIES = `afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|azerbaijan|bahamas|bahrain|
bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia and herzegovina|botswana|brazil|brunei|bulgaria|
burkina faso|burundi|cambodia|cameroon|canada|chad|chile|china|colombia|congo|costa rica|croatia|cuba|cyprus|
czech republic|czechia|denmark|djibouti|dominica|dominican republic|ecuador|egypt|el salvador|eritrea|estonia|eswatini|
ethiopia|fiji|finland|france|gabon|gambia|georgia|germany|ghana|greece|greenland|grenada|guatemala|guinea|guyana|haiti|
honduras|hungary|iceland|india|indonesia|iran|iraq|ireland|israel|italy|jamaica|japan|jordan|kazakhstan|kenya|kosovo|
kuwait|kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|madagascar|malawi|
malaysia|maldives|mali|malta|mauritania|mauritius|mexico|moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|
namibia|nepal|netherlands|the netherlands|new zealand|nicaragua|niger|nigeria|north korea|north macedonia|norway|oman|
pakistan|panama|papua new guinea|paraguay|peru|philippines|poland|portugal|qatar|romania|russia|rwanda|saudi arabia|
senegal|serbia|seychelles|sierra leone|singapore|slovakia|slovenia|somalia|south africa|south korea|south sudan|spain|
sri lanka|sudan|suriname|sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|togo|tonga|trinidad and tobago|
tunisia|turkey|turkmenistan|uganda|ukraine|united arab emirates|united kingdom|united states|united states of america|
uruguay|uzbekistan|venezuela|vietnam|yemen|zambia|zimbabwe|england|scotland|wales|northern ireland|puerto rico|
hong kong|usa|uk|faroe islands|u.s.|u.s.a.|america|great britain|britain|holland|korea|ivory coast|cote d'ivoire|
cape verde|macedonia|san marino|vatican|vatican city|palestine|burma|kyrgyz republic|east timor|timor-leste|
marshall islands|solomon islands|micronesia|samoa|vanuatu|kiribati|tuvalu|nauru|palau|antigua and barbuda|
saint lucia|st lucia|saint kitts and nevis|saint vincent and the grenadines|sao tome and principe|equatorial guinea|
guinea-bissau|central african republic|comoros|cote divoire|the gambia|the bahamas|bermuda|aruba|curacao|
guadeloupe|martinique|reunion|french polynesia|new caledonia|gibraltar|isle of man|jersey|guernsey|
the czech republic|slovak republic|the philippines|the uk|the us|the usa|the united states|the united kingdom|
the uae|uae|drc|democratic republic of the congo|republic of ireland|russian federation|south korea|europe|
asia|africa|north america|south america|latin america|oceania|antarctica|scandinavia|the balkans|middle east|
the middle east|caribbean|the caribbean`;

const CITIES = `london|paris|berlin|madrid|rome|milan|naples|turin|florence|venice|barcelona|valencia|seville|lisbon|porto|
amsterdam|rotterdam|the hague|utrecht|brussels|antwerp|ghent|bruges|liege|charleroi|vienna|zurich|geneva|basel|bern|
lausanne|munich|hamburg|frankfurt|cologne|stuttgart|dusseldorf|dortmund|essen|leipzig|dresden|hanover|nuremberg|bremen|
kiel|copenhagen|aarhus|odense|stockholm|gothenburg|malmo|uppsala|oslo|bergen|trondheim|stavanger|helsinki|espoo|tampere|
turku|oulu|reykjavik|akureyri|dublin|cork|galway|edinburgh|glasgow|aberdeen|manchester|liverpool|birmingham|leeds|
sheffield|bristol|cardiff|belfast|oxford|cambridge|nottingham|leicester|newcastle|brighton|warsaw|krakow|gdansk|wroclaw|
poznan|lodz|prague|brno|ostrava|bratislava|budapest|debrecen|ljubljana|maribor|zagreb|split|belgrade|sarajevo|sofia|
bucharest|athens|thessaloniki|istanbul|ankara|izmir|moscow|saint petersburg|kiev|kyiv|kharkiv|odessa|minsk|riga|vilnius|
tallinn|tartu|new york|new york city|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|
san jose|austin|jacksonville|san francisco|columbus|fort worth|indianapolis|charlotte|seattle|denver|washington|boston|
el paso|nashville|detroit|portland|las vegas|memphis|louisville|baltimore|milwaukee|albuquerque|tucson|fresno|
sacramento|kansas city|atlanta|miami|omaha|raleigh|colorado springs|minneapolis|cleveland|tampa|new orleans|honolulu|
pittsburgh|cincinnati|st louis|orlando|buffalo|toronto|montreal|vancouver|calgary|edmonton|ottawa|winnipeg|quebec|
halifax|victoria|mexico city|guadalajara|monterrey|havana|bogota|medellin|lima|quito|caracas|santiago|buenos aires|
montevideo|asuncion|la paz|sao paulo|rio de janeiro|brasilia|salvador|fortaleza|belo horizonte|recife|porto alegre|
curitiba|sydney|melbourne|brisbane|perth|adelaide|canberra|hobart|darwin|auckland|wellington|christchurch|tokyo|osaka|
kyoto|yokohama|nagoya|sapporo|fukuoka|kobe|seoul|busan|beijing|shanghai|guangzhou|shenzhen|chengdu|wuhan|hong kong|
taipei|singapore|kuala lumpur|bangkok|hanoi|ho chi minh city|manila|jakarta|mumbai|delhi|new delhi|bangalore|bengaluru|
chennai|kolkata|hyderabad|pune|ahmedabad|karachi|lahore|islamabad|dhaka|kathmandu|colombo|dubai|abu dhabi|doha|riyadh|
jeddah|tehran|baghdad|beirut|damascus|amman|jerusalem|tel aviv|cairo|alexandria|casablanca|marrakesh|tunis|algiers|
lagos|abuja|accra|nairobi|addis ababa|kampala|dar es salaam|johannesburg|cape town|durban|pretoria|luanda|kinshasa|
dakar|toulouse|lyon|marseille|nice|nantes|strasbourg|bordeaux|lille|rennes|montpellier|geneve|luxembourg|monaco`;

const REGIONS = `alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|hawaii|idaho|illinois|indiana|
iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|
nebraska|nevada|new hampshire|new jersey|new mexico|new york state|north carolina|north dakota|ohio|oklahoma|
oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|
washington state|west virginia|wisconsin|wyoming|district of columbia|ontario|quebec|british columbia|alberta|
manitoba|saskatchewan|nova scotia|new brunswick|newfoundland|newfoundland and labrador|prince edward island|
yukon|nunavut|northwest territories|new south wales|queensland|tasmania|western australia|south australia|
northern territory|bavaria|bayern|saxony|hesse|baden-wurttemberg|north rhine-westphalia|brandenburg|thuringia|
lower saxony|schleswig-holstein|tyrol|tirol|upper austria|lower austria|styria|carinthia|salzburg|catalonia|
andalusia|galicia|basque country|castile|valencia|aragon|tuscany|lombardy|sicily|sardinia|piedmont|veneto|
liguria|umbria|calabria|apulia|campania|brittany|normandy|provence|alsace|burgundy|corsica|occitanie|
ile-de-france|flanders|wallonia|lapland|silesia|bohemia|moravia|transylvania|crete|cornwall|devon|kent|
yorkshire|lancashire|essex|surrey|sussex|norfolk|suffolk|dorset|somerset|cumbria|highlands|ulster|munster|
leinster|connacht|punjab|bengal|kerala|gujarat|maharashtra|tamil nadu|karnataka|rajasthan|bihar|goa|kashmir|
siberia|patagonia|amazonia|bali|sumatra|borneo|mindanao|luzon|hokkaido|kyushu|okinawa|honshu|
greenland|iceland|sicilia|lombardia|toscana|andalucia|cataluna|bayern|quebec city`;

const MORE_CITIES = `anchorage|arlington|aurora|bakersfield|baton rouge|birmingham|boise|boulder|bridgeport|burlington|cambridge|
cedar rapids|chandler|charleston|chattanooga|chula vista|corpus christi|dayton|des moines|durham|el paso|
fort lauderdale|fort wayne|fremont|gainesville|garland|glendale|grand rapids|green bay|greensboro|hartford|
henderson|hialeah|irvine|irving|jersey city|knoxville|laredo|lexington|lincoln|little rock|long beach|
lubbock|madison|mesa|modesto|montgomery|naperville|newark|norfolk|oakland|oklahoma city|pasadena|plano|
providence|reno|richmond|riverside|rochester|salt lake city|san bernardino|santa ana|santa barbara|santa fe|
santa monica|savannah|scottsdale|shreveport|spokane|springfield|st paul|st. louis|st. paul|st petersburg|
stockton|syracuse|tacoma|tallahassee|toledo|tulsa|virginia beach|wichita|winston-salem|worcester|yonkers|
ann arbor|berkeley|palo alto|mountain view|sunnyvale|cupertino|redmond|bellevue|brooklyn|manhattan|queens|
the bronx|staten island|harlem|hollywood|beverly hills|malibu|key west|miami beach|napa|lake tahoe|
juneau|helena|cheyenne|bismarck|pierre|topeka|jefferson city|frankfort|annapolis|dover|trenton|albany|
montpelier|concord|augusta|harrisburg|columbia|raleigh|nashville|tallahassee|lansing|olympia|salem|
carson city|sacramento|saint paul|des moines|lincoln|springfield|indianapolis|baton rouge|jackson|
coventry|bradford|hull|stoke|wolverhampton|plymouth|derby|southampton|portsmouth|swansea|reading|york|
bath|exeter|norwich|canterbury|chester|durham|lancaster|preston|sunderland|middlesbrough|bournemouth|
blackpool|luton|milton keynes|northampton|peterborough|ipswich|colchester|gloucester|cheltenham|worcester|
dundee|inverness|stirling|perth|derry|limerick|waterford|kilkenny|sligo|
bonn|mannheim|karlsruhe|wiesbaden|augsburg|aachen|munster|freiburg|heidelberg|mainz|kassel|rostock|
potsdam|erfurt|magdeburg|halle|chemnitz|wurzburg|regensburg|ulm|lubeck|osnabruck|bielefeld|wuppertal|
bochum|duisburg|gelsenkirchen|braunschweig|saarbrucken|trier|koblenz|jena|weimar|graz|linz|innsbruck|
klagenfurt|lucerne|luzern|lugano|st. gallen|winterthur|zug|
marseilles|grenoble|dijon|reims|le havre|toulon|angers|nimes|clermont-ferrand|avignon|cannes|
antibes|biarritz|tours|orleans|rouen|caen|metz|nancy|brest|limoges|perpignan|besancon|
bologna|genoa|genova|palermo|catania|bari|verona|padua|padova|trieste|brescia|parma|modena|pisa|siena|
perugia|ravenna|rimini|bergamo|como|lecce|cagliari|sorrento|amalfi|capri|
zaragoza|malaga|murcia|palma|las palmas|bilbao|alicante|cordoba|valladolid|vigo|gijon|granada|
san sebastian|santander|toledo|salamanca|pamplona|cadiz|marbella|ibiza|tenerife|
coimbra|braga|faro|funchal|aveiro|
eindhoven|groningen|tilburg|almere|breda|nijmegen|haarlem|arnhem|maastricht|leiden|delft|
zwolle|den haag|namur|leuven|mons|mechelen|
vasteras|orebro|linkoping|helsingborg|jonkoping|norrkoping|lund|umea|gavle|sundsvall|lulea|kiruna|
visby|kristiansand|drammen|fredrikstad|tromso|bodo|alesund|aalborg|esbjerg|randers|kolding|
roskilde|vantaa|jyvaskyla|lahti|kuopio|pori|joensuu|lappeenranta|vaasa|rovaniemi|
lublin|katowice|szczecin|bydgoszcz|bialystok|gdynia|torun|plzen|olomouc|liberec|ceske budejovice|
kosice|szeged|miskolc|pecs|gyor|cluj-napoca|timisoara|iasi|constanta|brasov|varna|plovdiv|burgas|
skopje|podgorica|tirana|chisinau|lviv|dnipro|donetsk|zaporizhzhia|novosibirsk|yekaterinburg|kazan|
nizhny novgorod|samara|omsk|rostov-on-don|ufa|volgograd|krasnoyarsk|perm|vladivostok|sochi|
tbilisi|yerevan|baku|almaty|astana|tashkent|bishkek|dushanbe|ashgabat|ulaanbaatar|
antalya|bursa|adana|konya|gaziantep|
surrey|burnaby|richmond hill|mississauga|brampton|hamilton|london ontario|kitchener|waterloo|
windsor|saskatoon|regina|st. john's|fredericton|charlottetown|whitehorse|yellowknife|kelowna|
gold coast|newcastle|wollongong|geelong|townsville|cairns|toowoomba|ballarat|bendigo|
hamilton|tauranga|dunedin|napier|nelson|rotorua|queenstown|
puebla|tijuana|leon|juarez|cancun|merida|acapulco|oaxaca|veracruz|chihuahua|
cali|cartagena|barranquilla|guayaquil|cusco|arequipa|valparaiso|cordoba|rosario|mendoza|
salvador da bahia|manaus|belem|goiania|campinas|florianopolis|natal|
san juan|santo domingo|port-au-prince|kingston|nassau|panama city|san jose|managua|tegucigalpa|
guatemala city|san salvador|
osaka|sendai|hiroshima|nara|kawasaki|saitama|chiba|kitakyushu|
incheon|daegu|daejeon|gwangju|ulsan|
tianjin|chongqing|nanjing|hangzhou|xian|xi'an|suzhou|qingdao|dalian|shenyang|harbin|
kaohsiung|taichung|tainan|macau|
phnom penh|vientiane|yangon|mandalay|da nang|hue|chiang mai|phuket|pattaya|
penang|johor bahru|cebu|davao|surabaya|bandung|medan|denpasar|
jaipur|lucknow|kanpur|nagpur|indore|bhopal|patna|surat|vadodara|agra|varanasi|chandigarh|
kochi|goa|mysore|coimbatore|thiruvananthapuram|visakhapatnam|
peshawar|rawalpindi|faisalabad|multan|quetta|chittagong|
muscat|manama|kuwait city|sharjah|mecca|medina|dammam|
haifa|eilat|nazareth|bethlehem|ramallah|gaza|aleppo|homs|basra|mosul|erbil|isfahan|shiraz|tabriz|mashhad|
giza|luxor|aswan|fez|rabat|tangier|agadir|sfax|oran|tripoli|benghazi|khartoum|
kigali|mombasa|kisumu|arusha|zanzibar|lusaka|harare|bulawayo|maputo|gaborone|windhoek|
port elizabeth|bloemfontein|east london|soweto|
ibadan|kano|port harcourt|kumasi|abidjan|bamako|ouagadougou|niamey|conakry|freetown|monrovia|
lome|cotonou|douala|yaounde|libreville|brazzaville|lubumbashi|antananarivo|
nuuk|torshavn|valletta|nicosia|limassol|larnaca|paphos|andorra la vella|vaduz|san marino`;

/**
 * The same large cities under their own-language names, as a letter or a local address writes them
 * ("København", "Wien", "Praha"), folded to ASCII like every key. Written from the cities' official
 * names (Wikipedia, "List of European exonyms"); Latin-script names only, since folding does not transliterate.
 */
const ENDONYMS = `kobenhavn|wien|praha|warszawa|lisboa|roma|milano|napoli|firenze|venezia|torino|bruxelles|brussel|
antwerpen|gent|luik|goteborg|koln|munchen|nurnberg|hannover|frankfurt am main|moskva|sankt-peterburg|kiev|beograd|
bucuresti|sevilla|a coruna|athina|lefkosia|basel|geneve|s-gravenhage|helsingfors|abo|sofiya|tirane|kobenhavn k|
kobenhavn v|ciudad de mexico|ciudad de panama|bogota|brasilia|asuncion|reykjavik|torshavn|nuuk|krakow|lodz`;

function toSet(...lists: string[]): Set<string> {
  return new Set(
    lists
      .join('|')
      .split('|')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

export const COUNTRY_NAMES: ReadonlySet<string> = toSet(COUNTRIES);
export const CITY_NAMES: ReadonlySet<string> = toSet(CITIES, MORE_CITIES, REGIONS, ENDONYMS);

/** Ambiguous place names that are common words or given names; they need a place cue ("in", "from"). */
export const AMBIGUOUS_PLACES: ReadonlySet<string> = toSet(`nice|victoria|charlotte|georgia|jordan|chad|split|salvador|
santiago|washington|columbus|buffalo|phoenix|austin|sofia|uk|la paz|mali|niger|turkey|guinea|cork|reading|bath|
essen|hull|derby|york|durham|lincoln|madison|jackson|hamilton|wellington|regina|darwin|nelson|chester|preston|
lancaster|richmond|henderson|aurora|providence|concord|augusta|columbia|salem|dover|kent|devon|essex|surrey|
norfolk|jersey|bristol|mobile|orange|sale|deal|hope|florence|eugene|troy|helena|pierre|lexington|arlington|
montgomery|savannah|albany|springfield|lincoln|perth|nancy|tours|metz|nelson|leon|cali|natal|hue|mons|lund|
medina|mecca|gaza|bali|goa|kingston|windsor|waterloo|newark|irving|garland|chandler|surat|pori|bonn|
ulm|zug|como|bari|vigo|faro|palma|ede|hart|marion|camden|clay|warren|sydney|brooklyn|hollywood|lima|jersey|turkey|
gent|roma|abo|luik`);

/** True when a lower-cased, ASCII-folded phrase is a listed country, region or city. */
export function isPlaceKey(key: string): boolean {
  return COUNTRY_NAMES.has(key) || CITY_NAMES.has(key);
}

/** First words of every listed place, so most words are ruled out with one lookup. */
export const PLACE_FIRST_WORDS: ReadonlySet<string> = new Set([...COUNTRY_NAMES, ...CITY_NAMES].map((k) => k.split(' ')[0] as string));
