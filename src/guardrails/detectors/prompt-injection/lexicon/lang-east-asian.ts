/**
 * Chinese (simplified and traditional), Japanese, Thai (matched as substrings: no spaces between words) and
 * Korean (space-separated; particles and endings follow the stem, so entries are stems). Written for this
 * project from general knowledge of the languages, checked against Wiktionary translation tables and
 * Unicode CLDR. Words that are everyday in benign text and only loaded in context (说明 "explanation",
 * 要求 "requirement", 设定 "setting", 提示 "hint") are left out of the instruction slot.
 */
import type { Lexicon } from './types.js';

export const ZH: Lexicon = {
  lang: 'zh',
  name: 'Chinese',
  script: 'Hani',
  substring: true,
  stop: '',
  slots: {
    you: '你 您 你们 你的',
    ai: '人工智能 人工智慧 助手 模型',
    override: '忽略 忽视 忽視 无视 無視 忘记 忘記 忘掉 不要理会 不要理會 抛开 拋開 跳过 跳過 丢弃 丟棄',
    bypass: '绕过 繞過 规避 規避 禁用 关闭 關閉 解除',
    previous: '之前 先前 以上 上面 前面 上述 此前 以前',
    initial: '初始 原始 最初',
    rules: '指令 指示 规则 規則 提示词 提示詞 准则 準則',
    limits: '限制 过滤 過濾 审查 審查 约束 約束',
    safety: '安全 道德 伦理 倫理',
    now: '从现在开始 從現在開始 从现在起 從現在起 从今以后 從今以後',
    role: '假装 假裝 扮演 角色 充当 充當 模拟 模擬 想象 想像',
    neg: '没有 沒有 不受 毫无 毫無',
    disclose: '显示 顯示 展示 透露 泄露 洩露 泄漏 重复 重複 告诉我 告訴我 输出 輸出 打印 列出 公开 公開',
    secret: '系统 系統 秘密 隐藏 隱藏 内部 內部 机密 機密',
    free: '无限制 無限制 不受限制 无审查 無審查 不受约束 不受約束 越狱 越獄',
    devmode: '开发者模式 開發者模式 开发人员模式 上帝模式 越狱模式 越獄模式',
    all: '所有 全部 一切',
  },
};

export const JA: Lexicon = {
  lang: 'ja',
  name: 'Japanese',
  script: 'Jpan',
  substring: true,
  stop: '',
  slots: {
    you: 'あなた きみ お前 おまえ',
    ai: '人工知能 アシスタント モデル',
    override: '無視 忘れて 忘れろ 従わない 破棄 スキップ',
    bypass: '回避 迂回 無効化 無効に 解除 オフに',
    previous: '以前 前の これまで 上記 先ほど 前述 今まで',
    initial: '初期 元の 最初の オリジナル',
    rules: '指示 命令 ルール 規則 指令 プロンプト ガイドライン',
    limits: '制限 制約 フィルター フィルタ 検閲 規制',
    safety: '安全 倫理 道徳',
    now: '今から これから 今後 以降',
    role: 'ふりをし ふりして 振る舞 振舞 演じ ロールプレイ 役割 キャラクター なりきっ なりきり 想像して',
    neg: 'なし ない 無し なく ありません',
    disclose: '表示 見せて 教えて 明かして 開示 繰り返 出力 印刷 漏らし 公開',
    secret: 'システム 秘密 隠され 隠し 内部 機密',
    free: '無制限 制限なし 制限のない 検閲なし 脱獄',
    devmode: '開発者モード デベロッパーモード 開発モード 神モード 脱獄モード',
    all: 'すべて 全て 全部 あらゆる',
  },
};

export const KO: Lexicon = {
  lang: 'ko',
  name: 'Korean',
  script: 'Hang',
  stop: '그리고 하지만 그래서 또는 있습니다 합니다 그 이 저 및 등',
  slots: {
    you: '너 너의 너는 너가 네가 니가 당신*',
    ai: '인공지능* 어시스턴트* 모델* 챗봇* 에이아이*',
    override: '무시* 잊어* 잊고 따르지 건너뛰*',
    bypass: '우회* 비활성화* 해제*',
    previous: '이전* 앞의 위의 앞서 기존* 지금까지의 위에',
    initial: '초기* 원래* 최초*',
    rules: '지시* 지침* 규칙* 명령* 프롬프트*',
    limits: '제한* 제약* 필터* 검열* 규제*',
    safety: '안전* 윤리* 도덕*',
    now: '지금부터 이제* 앞으로',
    role: '척하* 척해* 연기* 역할* 캐릭터* 상상* 행동* 롤플레이*',
    neg: '없이 없는 없어 않고* 않는* 않아* 않은* 않게* 않습* 안 아무런 절대*',
    disclose: '보여* 공개* 알려* 반복* 출력* 누설* 밝혀*',
    secret: '시스템* 비밀* 숨겨* 숨긴* 내부* 기밀*',
    free: '무제한* 제한없* 검열없* 탈옥*',
    devmode: '개발자_모드* 개발자모드* 탈옥_모드*',
    all: '모든 모두 전부',
  },
};

export const TH: Lexicon = {
  lang: 'th',
  name: 'Thai',
  script: 'Thai',
  substring: true,
  stop: '',
  slots: {
    you: 'คุณ เธอ',
    ai: 'ปัญญาประดิษฐ์ ผู้ช่วย โมเดล เอไอ',
    override: 'เพิกเฉย ไม่สนใจ ละเลย ละเว้น ลืม ข้าม',
    bypass: 'หลีกเลี่ยง ข้ามผ่าน ปิดการใช้งาน บายพาส',
    previous: 'ก่อนหน้า ข้างต้น ด้านบน ที่ผ่านมา',
    initial: 'เริ่มต้น ต้นฉบับ',
    rules: 'คำสั่ง คำแนะนำ กฎ แนวทาง พรอมต์',
    limits: 'ข้อจำกัด ข้อห้าม ตัวกรอง เซ็นเซอร์',
    safety: 'ความปลอดภัย จริยธรรม ศีลธรรม',
    now: 'ตอนนี้ จากนี้ไป ต่อจากนี้ นับจากนี้',
    role: 'แกล้งทำ สมมติ แสดงเป็น บทบาท ตัวละคร จินตนาการ',
    neg: 'ไม่มี โดยไม่ ปราศจาก',
    disclose: 'เปิดเผย แสดง บอก ทวนซ้ำ พิมพ์',
    secret: 'ระบบ ความลับ ซ่อน ภายใน',
    free: 'ไม่จำกัด ไร้ขีดจำกัด ไม่ถูกเซ็นเซอร์',
    devmode: 'โหมดนักพัฒนา',
    all: 'ทั้งหมด ทุก',
  },
};
