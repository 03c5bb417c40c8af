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
hong kong|usa|uk|faroe islands`;

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

function toSet(list: string): Set<string> {
  return new Set(list.split('|').map((s) => s.trim()).filter((s) => s !== ''));
}

export const COUNTRY_NAMES: ReadonlySet<string> = toSet(COUNTRIES);
export const CITY_NAMES: ReadonlySet<string> = toSet(CITIES);

/** Ambiguous place names that are common words or given names; they need a place cue ("in", "from"). */
export const AMBIGUOUS_PLACES: ReadonlySet<string> = new Set(['nice', 'victoria', 'charlotte', 'georgia', 'jordan', 'chad', 'split', 'salvador', 'santiago', 'washington', 'columbus', 'buffalo', 'phoenix', 'austin', 'sofia', 'uk', 'usa', 'la paz', 'mali', 'niger', 'turkey', 'guinea', 'cork', 'reading', 'bath', 'essen']);
