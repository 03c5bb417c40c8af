/**
 * Hindi and Bengali in their own scripts. Written for this project from general knowledge of the
 * languages, checked against Wiktionary translation tables and Unicode CLDR. Nukta and chandrabindu are
 * folded (फ़िल्टर / फिल्टर), so both spellings match.
 */
import type { Lexicon } from './types.js';

export const HI: Lexicon = {
  lang: 'hi',
  name: 'Hindi',
  script: 'Deva',
  stop: 'है के की का में और को से ने यह वह पर हैं था कि भी एक',
  slots: {
    you: 'तुम आप तू तुम्हारे तुम्हारी तुम्हारा आपके आपकी आपका',
    ai: 'एआई कृत्रिम_बुद्धिमत्ता सहायक मॉडल',
    override: 'अनदेखा नज़रअंदाज़ उपेक्षा भूल भूलो भूल_जाओ मत_मानो',
    bypass: 'बायपास दरकिनार निष्क्रिय बंद_करो',
    previous: 'पिछल* पूर्व ऊपर उपरोक्त पहले_के पहले_दिए',
    initial: 'प्रारंभिक आरंभिक मूल',
    rules: 'निर्देश* नियम* दिशानिर्देश* आदेश* प्रॉम्प्ट हिदायत*',
    limits: 'प्रतिबंध* पाबंदी* फ़िल्टर* सेंसरशिप',
    safety: 'सुरक्षा नैतिक*',
    now: 'अब अब_से',
    role: 'नाटक दिखावा भूमिका किरदार कल्पना अभिनय बनकर',
    neg: 'बिना नहीं न मत',
    disclose: 'बता* दिखा* प्रकट दोहरा* प्रिंट उजागर',
    secret: 'सिस्टम गुप्त छिपे छिपा* आंतरिक गोपनीय',
    free: 'असीमित अप्रतिबंधित बिना_सेंसर सेंसर_रहित',
    devmode: 'डेवलपर_मोड*',
    all: 'सभी सब सारे सारी समस्त',
  },
};

export const BN: Lexicon = {
  lang: 'bn',
  name: 'Bengali',
  script: 'Beng',
  stop: 'এবং ও এই যে করে হয় থেকে জন্য এর সে আমি একটি কিন্তু আর',
  slots: {
    you: 'তুমি আপনি তোমার আপনার তুই তোর',
    ai: 'এআই কৃত্রিম_বুদ্ধিমত্তা সহকারী মডেল',
    override: 'উপেক্ষা ভুলে অগ্রাহ্য এড়িয়ে',
    bypass: 'বাইপাস নিষ্ক্রিয় বন্ধ_করো',
    previous: 'আগের পূর্ববর্তী উপরের পূর্বের',
    initial: 'প্রাথমিক মূল',
    rules: 'নির্দেশ* নিয়ম* আদেশ* প্রম্পট',
    limits: 'বিধিনিষেধ* সীমাবদ্ধতা* ফিল্টার* সেন্সর* নিষেধাজ্ঞা*',
    safety: 'নিরাপত্তা* নৈতিক*',
    now: 'এখন এখন_থেকে',
    role: 'ভান অভিনয় ভূমিকা* চরিত্র* কল্পনা',
    neg: 'ছাড়া না নেই',
    disclose: 'প্রকাশ দেখাও দেখান পুনরাবৃত্তি বলো বলুন ফাঁস প্রিন্ট',
    secret: 'সিস্টেম* গোপন* লুকানো অভ্যন্তরীণ',
    free: 'সীমাহীন অবাধ সেন্সরবিহীন',
    devmode: 'ডেভেলপার_মোড',
    all: 'সব সমস্ত সকল সবগুলো',
  },
};
