/**
 * Turkish, Vietnamese, Indonesian (and Malay), Swahili, and Hindi in Latin script (Hinglish). Written for
 * this project from general knowledge of the languages, checked against Wiktionary translation tables and
 * Unicode CLDR. Turkish dotted/dotless i and Vietnamese tone marks fold away, so unaccented typing matches;
 * Vietnamese words are mostly two syllables, hence the two-word entries.
 */
import type { Lexicon } from './types.js';

export const TR: Lexicon = {
  lang: 'tr',
  name: 'Turkish',
  script: 'Latn',
  stop: 've bir bu da de için ile çok ne daha gibi olan ama değil olarak sonra lütfen',
  slots: {
    you: 'sen senin sana seni siz sizin size sizi kendi kendini',
    ai: 'yz yapay_zeka asistan* sohbet_botu',
    override: 'yoksay* yok_say* görmezden* unut* dikkate_alma ihmal*',
    bypass: 'atlat* devre_dışı baypas*',
    previous: 'önceki* yukarıdaki* daha_önce* evvelki*',
    initial: 'başlangıç* orijinal*',
    rules: 'talimat* kural* yönerge* komut* prompt* direktif* istem istemi istemleri',
    limits: 'kısıtlama* kısıt kısıtları sansür* filtre* sınırlama*',
    safety: 'güvenlik* etik ahlak*',
    now: 'artık şu_andan bundan_sonra',
    role: 'gibi_davran* davran* rol rolü rolünü rolüne taklit* canlandır* hayal_et karakter* oyna*',
    neg: 'yok olmadan hiç hiçbir asla değil olmayan',
    disclose: 'göster* açıkla* ifşa* tekrarla* yazdır* söyle* paylaş*',
    secret: 'sistem* gizli* dahili* saklı*',
    free: 'sınırsız* filtresiz* sansürsüz* kısıtlamasız* kısıtsız*',
    devmode: 'geliştirici_modu* tanrı_modu* dan_modu*',
    all: 'tüm tümü bütün hepsi',
    narrative: 'unutma* unuttu* unutur* unutmuş* yoksaydı* yok_saydı* görmezden_geldi*',
  },
  owned: {
    rules:
      'talimatların* talimatın talimatını talimatınızı kuralların* kuralın kuralını kuralınızı yönergelerin* komutların* komutunu istemin istemini istemlerin* promptun* direktiflerin*',
    limits: 'kısıtlaman* kısıtlamaların* sınırların* sınırlaman* filtren filtrelerin* sansürün*',
  },
};

export const VI: Lexicon = {
  lang: 'vi',
  name: 'Vietnamese',
  script: 'Latn',
  stop: 'và của là có không những được các một cho trong với này đã người khi thì',
  slots: {
    you: 'của_bạn bạn_hãy bạn_là bạn_phải bạn_sẽ bạn_không',
    ai: 'trí_tuệ trợ_lý mô_hình',
    override: 'bỏ_qua phớt_lờ lờ_đi quên quên_đi quên_tất bất_chấp',
    bypass: 'vượt_qua vô_hiệu lách',
    previous: 'trước_đó phía_trên ở_trên trước_đây bên_trên',
    initial: 'ban_đầu',
    rules: 'hướng_dẫn chỉ_dẫn chỉ_thị quy_tắc lệnh lời_nhắc nguyên_tắc',
    limits: 'hạn_chế giới_hạn bộ_lọc kiểm_duyệt ràng_buộc',
    safety: 'an_toàn đạo_đức bảo_mật',
    now: 'bây_giờ từ_giờ từ_nay',
    role: 'giả_vờ đóng_vai nhập_vai vai_trò tưởng_tượng nhân_vật giả_lập',
    neg: 'không không_có chẳng bạn_không đừng',
    disclose: 'tiết_lộ hiển_thị cho_xem lặp_lại in_ra nói_cho cho_biết',
    secret: 'hệ_thống bí_mật nội_bộ cơ_mật',
    free: 'không_giới không_kiểm',
    all: 'tất_cả toàn_bộ',
  },
};

export const ID: Lexicon = {
  lang: 'id',
  name: 'Indonesian / Malay',
  script: 'Latn',
  stop: 'yang di ini itu dengan untuk dari dalam akan pada juga ke saya adalah',
  slots: {
    you: 'kamu anda kau engkau kalian',
    ai: 'kecerdasan_buatan asisten* chatbot*',
    override: 'abaikan* lupakan* hiraukan* kesampingkan*',
    bypass: 'lewati* nonaktifkan* matikan* akali* terobos*',
    previous: 'sebelumnya di_atas terdahulu',
    initial: 'awal asli',
    rules: 'instruksi* petunjuk* aturan* perintah* pedoman* arahan* prompt*',
    limits: 'batasan* pembatasan* penyensoran larangan*',
    safety: 'keamanan* keselamatan* etika* etis moral',
    now: 'sekarang seterusnya',
    role: 'berpura* bertindak* berperan* peran perankan* karakter* bayangkan* simulasikan*',
    neg: 'tanpa tidak tak bukan jangan tiada',
    disclose: 'ungkapkan* tunjukkan* tampilkan* ulangi* cetak* sebutkan* beritahu* bocorkan*',
    secret: 'sistem* rahasia* tersembunyi* internal',
    free: 'tanpa_batas tanpa_sensor tanpa_filter tak_terbatas',
    devmode: 'mode_pengembang mode_dewa mode_dan',
    all: 'semua segala seluruh*',
  },
  owned: {
    rules: 'instruksimu aturanmu perintahmu petunjukmu pedomanmu arahanmu promptmu',
    limits: 'batasanmu laranganmu',
  },
};

export const SW: Lexicon = {
  lang: 'sw',
  name: 'Swahili',
  script: 'Latn',
  stop: 'na ya wa kwa ni katika za kuwa hii cha hiyo lakini au pia sana tafadhali kwenye',
  slots: {
    you: 'wewe yako yenu nyinyi wako lako zako chako vyako kwako huna',
    ai: 'akili_bandia msaidizi modeli',
    override: 'puuza* puuzeni sahau* sahauni usifuate',
    bypass: 'kwepa* epuka*',
    previous: 'iliyopita zilizopita yaliyopita uliopita awali hapo_juu zilizotangulia yaliyotangulia iliyotangulia',
    initial: 'asili mwanzo',
    rules: 'maagizo maelekezo amri sheria kanuni miongozo mwongozo',
    limits: 'vikwazo vizuizi mipaka kichujio vichujio udhibiti',
    safety: 'usalama maadili',
    now: 'sasa kuanzia_sasa',
    role: 'jifanye jifanya* igiza uigize jukumu mhusika fikiria',
    neg: 'bila hakuna sio kamwe huna',
    disclose: 'onyesh* nionyeshe* nionyesh* fichu* nifichulie rudia* chapisha* niambie',
    secret: 'mfumo siri iliyofichwa',
    free: 'bila_vikwazo bila_mipaka',
    all: 'yote zote wote kila',
  },
};

export const HI_LATN: Lexicon = {
  lang: 'hi-Latn',
  name: 'Hindi (Latin script)',
  script: 'Latn',
  stop: 'hai hain ka ki ke ko se mein aur yeh woh nahi kya bhi',
  slots: {
    you: 'tum aap tumhare tumhari aapke aapki tera teri',
    override: 'bhool bhul bhool_jao nazarandaz* anadekha andekha',
    previous: 'pichle pichli pichla upar purane',
    rules: 'nirdesh* niyam* hidayat* aadesh*',
    limits: 'pabandi* pratibandh*',
    safety: 'suraksha',
    now: 'abse ab_se',
    role: 'natak dikhawa bhumika kirdar banke bankar',
    neg: 'bina nahi',
    disclose: 'batao bataiye dikhao dikhaiye dohrao',
    secret: 'gupt chhupe chhupa',
    all: 'sab saare sabhi',
  },
};
