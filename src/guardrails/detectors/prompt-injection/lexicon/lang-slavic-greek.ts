/**
 * Russian, Ukrainian, Polish, Greek. Written for this project from general knowledge of the languages,
 * checked against Wiktionary translation tables and Unicode CLDR. Cyrillic and Greek are matched lower-case
 * (ё as е, Greek accents optional); Polish diacritics are optional.
 */
import type { Lexicon } from './types.js';

export const RU: Lexicon = {
  lang: 'ru', name: 'Russian', script: 'Cyrl',
  stop: 'и в на что с по это как он она я к из у же за от мы но так для',
  slots: {
    you: 'ты тебя тебе тобой твой твоя твои твоих твоё твоей твоим твоему вы вас вам ваш ваша ваши ваших вашей свой свои своих свою своё своим',
    ai: 'ии ассистент* модел* чатбот* нейросет*',
    override: 'игнорир* проигнорир* забудь забудьте забыть пренебре* отбрось отбросьте отмени отмените не_обращай',
    bypass: 'обойди обойдите обойти обход* отключи отключите отключить',
    previous: 'предыдущ* прежн* вышеуказанн* вышеприведенн* выше ранее предшествующ*',
    initial: 'исходн* первоначальн* изначальн* оригинальн*',
    rules: 'инструкци* правил* указани* директив* промпт* установк*',
    limits: 'ограничени* фильтр* цензур*',
    safety: 'безопасност* этическ* этик* моральн*',
    now: 'теперь отныне с_этого',
    role: 'притворись притворитесь притвор* представь* веди_себя играй сыграй роль роли персонаж* симулир*',
    neg: 'без не нет никаких никогда ни',
    disclose: 'покажи покажите показать раскрой раскройте раскрыть выведи выведите повтори* напечатай распечат* скажи выдай',
    secret: 'систем* секретн* скрыт* внутренн* конфиденциальн* тайн*',
    free: 'неограниченн* безграничн* разблокирован* без_цензуры без_фильтров',
    devmode: 'режим_разработчика режим_бога режим_dan режим_jailbreak',
    all: 'все всё весь всех вся',
  },
};

export const UK: Lexicon = {
  lang: 'uk', name: 'Ukrainian', script: 'Cyrl',
  stop: 'і й в у на що з та це як до за від але він вона ми по',
  slots: {
    you: 'ти тебе тобі тобою твій твоя твої твоє твоїх ви вас вам ваш ваша ваші свій свої своїх свою своє своїм',
    ai: 'ші асистент* модел* чатбот*',
    override: 'ігноруй ігноруйте ігнорувати проігноруй* забудь забудьте забути знехтуй* відкинь* скасуй*',
    bypass: 'обійди обійдіть обійти обхід* вимкни вимкніть вимкнути',
    previous: 'попередн* вищезазначен* вище раніше',
    initial: 'початков* первинн* оригінальн* вихідн*',
    rules: 'інструкці* правил* вказівк* вказівок директив* промпт* настанов*',
    limits: 'обмежен* фільтр* цензур*',
    safety: 'безпек* етичн* етик* моральн*',
    now: 'тепер віднині відтепер',
    role: 'прикидайся вдавай* уяви* поводься грай зіграй роль ролі персонаж*',
    neg: 'без не немає жодних ніколи ні',
    disclose: 'покажи покажіть розкрий* виведи повтори* надрукуй скажи',
    secret: 'систем* секретн* прихован* внутрішн* конфіденційн* таємн*',
    free: 'необмежен* розблокован* без_цензури без_фільтрів',
    devmode: 'режим_розробника режим_бога',
    all: 'всі все усі усе весь',
  },
};

export const PL: Lexicon = {
  lang: 'pl', name: 'Polish', script: 'Latn',
  stop: 'na że się nie jest jak co od po ale czy tak jego proszę jakie jaki jaka są tej ten ta',
  slots: {
    you: 'ty cię ciebie tobie twój twoja twoje twoich twoim twojego wy wasz wasze waszych',
    ai: 'asystent* model* chatbot*',
    override: 'zignor* ignoruj* zapomnij zapomnieć pomiń* odrzuć* lekceważ*',
    bypass: 'obejdź* obejść* wyłącz* dezaktywuj*',
    previous: 'poprzedni* wcześniejsz* powyższ* wcześniej',
    initial: 'początkow* oryginaln* pierwotn*',
    rules: 'instrukcj* zasad* reguły reguł regułami regułach regułę wytyczn* polece* prompt*',
    limits: 'ogranicz* filtr* cenzur*',
    safety: 'bezpieczeńst* etyczn* etyk* moraln*',
    now: 'teraz odtąd od_teraz',
    role: 'udawaj udawać zachowuj odgrywaj wciel* rola rolę roli postać* wyobraź* symuluj*',
    neg: 'bez nie żadn* nigdy',
    disclose: 'ujawnij* pokaż* powtórz* wyświetl* wypisz* wydrukuj* zdradź*',
    secret: 'systemow* system* tajn* ukryt* wewnętrzn* poufn*',
    free: 'nieograniczon* nieocenzurowan* bez_cenzury bez_filtrów',
    devmode: 'tryb_dewelopera tryb_programisty tryb_boga tryb_dan',
    all: 'wszystk* wszelk*',
  },
};

export const EL: Lexicon = {
  lang: 'el', name: 'Greek', script: 'Grek',
  stop: 'και το η ο τα του της των να σε με για είναι που δεν θα από στο στη μια ένα',
  slots: {
    you: 'εσύ σου εσένα εσείς σας',
    ai: 'τν τεχνητή_νοημοσύνη βοηθ* μοντέλ*',
    override: 'αγνόησε αγνοήστε αγνόησ* ξέχασε ξεχάστε ξεχασ* παράβλεψε παραβλέψτε',
    bypass: 'παράκαμψε παρακάμψτε παρακαμψ* απενεργοποίησε απενεργοποι*',
    previous: 'προηγούμεν* παραπάνω ανωτέρω',
    initial: 'αρχικ* πρωτότυπ*',
    rules: 'οδηγί* κανόν* κανον* εντολ* προτροπ* prompt*',
    limits: 'περιορισμ* φίλτρ* λογοκρισ*',
    safety: 'ασφάλει* ηθικ* δεοντολογ*',
    now: 'τώρα εφεξής',
    role: 'προσποιήσου προσποι* υποδύσου υποδυ* ρόλο ρόλος χαρακτήρα φαντάσου συμπεριφέρσου',
    neg: 'χωρίς δεν μη μην κανένα κανέναν καθόλου ποτέ',
    disclose: 'αποκάλυψε αποκαλύψτε αποκαλυψ* δείξε δείξτε επανάλαβε επαναλάβετε τύπωσε εμφάνισε εμφανίστε',
    secret: 'σύστημα συστήματ* μυστικ* κρυφ* εσωτερικ* εμπιστευτικ*',
    free: 'απεριόριστ* αφιλτράριστ* χωρίς_λογοκρισία',
    devmode: 'λειτουργία_προγραμματιστή',
    all: 'όλες όλα όλους όλοι όλη',
  },
};
