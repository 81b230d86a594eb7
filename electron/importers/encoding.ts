import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { KeyedMessage } from '../../shared/domain/types';
import { keyed, UserError } from '../util/errors';
import { addNote, formatCount } from './caps';
import type { EncodingGuess } from './types';

/** A decoded text with what the researcher should know about how it was decoded. */
export type DecodedText = Readonly<{
  /** Normalised: no BOM, LF line ends. */
  text: string;
  guess: EncodingGuess;
  notes: readonly string[];
  noteKeys: Readonly<Record<string, KeyedMessage>>;
  /** True when the text is exactly the file's bytes read as UTF-8 (no BOM, no CR): its UTF-8 is those bytes. */
  bytesAreText: boolean;
}>;

export type DecodeOptions = Readonly<{
  /** The researcher's choice; wins over everything else. */
  encoding?: string;
  /** A charset the file declares about itself (an HTML meta tag); wins over the detector. */
  declared?: string;
}>;

/**
 * Normalises text once, at import (DESIGN.md §4): a leading BOM is dropped and CRLF / lone
 * CR become LF. The stored text never changes afterwards, so coding offsets stay valid.
 */
export function normaliseText(text: string): string {
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
}

const BOMS: readonly { bytes: readonly number[]; encoding: string }[] = [
  // UTF-32 first: its little-endian BOM starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0x84, 0x31, 0x95, 0x33], encoding: 'gb18030' },
];

/** The encoding a byte-order mark announces, with the mark's length, or null. */
export function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  for (const bom of BOMS) {
    if (bytes.length >= bom.bytes.length && bom.bytes.every((value, index) => bytes[index] === value)) {
      return { encoding: bom.encoding, length: bom.bytes.length };
    }
  }
  return null;
}

const MAGIC: readonly { bytes: readonly number[]; what: string; id: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF file (rename it to .pdf)', id: 'pdf' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive or an Office document (.docx, .xlsx, .odt)', id: 'zip' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-style or password-protected Office document', id: 'ole' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', id: 'png' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', id: 'jpeg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', id: 'gif' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive', id: 'gzip' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program', id: 'program' },
  { bytes: [0x4d, 0x5a], what: 'a Windows program', id: 'windowsProgram' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive', id: 'rar' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive', id: 'sevenZip' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database', id: 'sqlite' },
  { bytes: [0x49, 0x44, 0x33], what: 'an MP3 audio file', id: 'mp3' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document (save it as .docx or .txt)', id: 'rtf' },
];

/** Names the binary format a file's first bytes announce (a PNG image, a PDF …), or null. */
export function binaryKind(bytes: Uint8Array): string | null {
  return binaryMatch(bytes)?.what ?? null;
}

/** binaryKind's answer with a stable id for the report's key (import.binary.<id>). */
function binaryMatch(bytes: Uint8Array): { what: string; id: string } | null {
  for (const magic of MAGIC) {
    if (bytes.length >= magic.bytes.length && magic.bytes.every((value, index) => bytes[index] === value)) {
      return magic;
    }
  }
  // MP4/QuickTime keep their signature at offset 4.
  if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') return { what: 'a video or audio file', id: 'media' };
  return null;
}

/** Guesses UTF-16 without a BOM from where the zero bytes fall (ASCII-heavy text only). */
function utf16WithoutBom(bytes: Uint8Array): string | null {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) evenZeros += 1;
    if (bytes[index + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Canonical lower-case name for an encoding label, or null when neither decoder knows it. */
export function canonicalEncoding(label: string): string | null {
  const trimmed = label.trim().toLowerCase();
  if (trimmed === '') return null;
  try {
    // WHATWG maps gb2312/gbk/x-gbk to its 'gbk' decoder, which is the GB18030 decoder; name it so.
    const name = new TextDecoder(trimmed).encoding;
    return name === 'gbk' ? 'gb18030' : name;
  } catch {
    return iconv.encodingExists(trimmed) ? trimmed : null;
  }
}

/** Decodes with TextDecoder where it knows the encoding (full ICU in Node 20), else iconv-lite. */
function decodeWith(encoding: string, bytes: Uint8Array, fatal: boolean): string {
  try {
    return new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    if (error instanceof RangeError && /encoding/i.test(error.message)) {
      // iconv-lite never throws on bad bytes; it substitutes U+FFFD, so "fatal" is checked here.
      const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
      if (fatal && text.includes('\uFFFD')) throw new TypeError(`The bytes are not valid ${encoding}.`);
      return text;
    }
    throw error;
  }
}

/**
 * Strict UTF-8 without a fatal TextDecoder: isUtf8 validates with SIMD (3 ms for the 29 MB
 * import bench batch) and Buffer's decoder then needs no checks (83 ms), where the fatal
 * TextDecoder took 105–140 ms. Both refuse the same bytes (overlong forms, surrogates,
 * truncated sequences). A BOM is kept, as Buffer does; callers look for it first.
 */
function strictUtf8(bytes: Uint8Array): string | null {
  return isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : null;
}

function tryFatal(encoding: string, bytes: Uint8Array): string | null {
  try {
    return decodeWith(encoding, bytes, true);
  } catch {
    return null;
  }
}

// The most frequent Han characters in Chinese prose, simplified and traditional forms. A real
// GBK or Big5 text is full of them; the same bytes read with the other table give rare
// characters (TextDecoder decodes Big5 bytes "cleanly" as GB18030, so clean decoding alone
// cannot choose). Chardet alone sometimes picks the wrong one on short samples.
const COMMON_HAN = new Set(
  Array.from(
    '的一是不了在人有我他这個个们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之年过過发發后後作' +
      '里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實' +
      '日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重并並物手应應战戰向头頭文体體' +
      '政美相见見被利什二等产產或新己制製身果加西斯月话話合回特代内內信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論' +
      '处處走义義各入几幾口认認条條平系气氣题題活尔爾更别別打女变變四神总總何电電数數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直德' +
      '资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科司五基眼书書非则則听聽白却界达達光放强強即像难難且权權思王象完设設式色路记記南品住告' +
      '类類求据據程北边邊死张張该該交规規万萬取拉格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識候带帶导導争爭运運笑飞飛风風步改收根干幹造言' +
      '联聯持组組每济濟车車亲親极極林服快办辦议議往元英士证證近失转轉夫令准準布始怎呢存未远遠叫台单單影具罗羅字爱愛击擊流备備兵连連调調深商算质質' +
      '团團集百需价價花党黨华華城石级級整府离離况況亚亞请請技际際约約示复復病息究线線似官火断斷精满滿支视視消越器容照须須九增研写寫称稱企八功吗嗎' +
      '包片史委乎查轻輕易早曾除农農找装裝广廣显顯吧阿李标標谈談吃图圖念六引历歷首医醫局突专專费費号號尽盡另周较較注语語仅僅考落青随隨选選列武红紅' +
      '响響虽雖推势勢参參希古众眾构構房半节節土投某案黑维維革划劃敌敵致陈陳律足态態护護七兴興派孩验驗责責营營星够夠章音跟志底站严嚴巴例防族供效续續' +
      '施留讲講型料终終答紧緊黄黃绝絕奇察母京段依批群项項故按河米围圍江织織害斗鬥双雙境客纪紀采採举舉杀殺攻父苏蘇密低朝友诉訴止细細愿願千值仍男钱錢' +
      '破网網热熱助倒育属屬坐帝限船脸臉职職速刻乐樂否刚剛威毛状狀率甚独獨球般普怕弹彈校苦创創假久错錯承印晚兰蘭试試股拿脑腦预預谁誰益阳陽若哪微尼继繼' +
      '送急血惊驚伤傷素药藥适適波夜省初喜卫衛源食险險待述陆陸习習置居劳勞财財环環排福纳納欢歡雷警获獲模充负負云雲停木游遊龙龍树樹疑层層冷洲冲衝射略' +
      '范範竟句室异異激汉漢村哈策演简簡卡罪判担擔州静靜退既衣您宗积積余餘痛检檢差富灵靈协協角占配征修皮挥揮胜勝降阶階审審沉坚堅善妈媽刘劉读讀啊超免' +
      '压壓银銀买買皇养養伊怀懷执執副乱亂抗犯追帮幫宣佛岁歲航优優怪香著田铁鐵控税稅左右份穿艺藝背阵陣草脚腳概恶惡块塊顿頓敢守酒岛島托央户戶烈洋哥索' +
      '胡款靠评評版宝寶座释釋景顾顧弟登货貨互付伯慢欧歐换換闻聞危忙核暗姐介坏壞讨討丽麗良序升监監临臨亮露永呼味野架域沙掉括舰艦鱼魚杂雜误誤湾灣吉减減' +
      '编編楚肯测測败敗屋跑梦夢散温溫困剑劍渐漸封救贵貴枪槍缺楼樓县縣尚毫移娘朋画畫班智亦耳恩短掌恐遗遺固席松秘谢謝鲁魯遇康虑慮幸均销銷钟鐘诗詩藏赶趕' +
      '剧劇票损損忽巨炮旧舊端探湖录錄叶葉春乡鄉附吸予礼禮港雨呀板庭妇婦归歸睛饭飯额額含顺順输輸摇搖招婚脱脫补補谓謂督毒油疗療旅泽澤材灭滅逐莫笔筆亡鲜鮮' +
      '词詞圣聖择擇寻尋厂廠睡博勒烟煙授诺諾伦倫岸奥奧唐卖賣俄炸载載洛健堂旁宫宮喝借君禁阴陰园園谋謀宋避抓荣榮姑孙孫逃牙束跳顶頂玉镇鎮雪午练練迫爷爺篇肉嘴馆館遍凡础礎洞卷坦牛宁寧纸紙诸諸训訓私庄莊祖丝絲翻暴森塔默握戏戲隐隱熟骨访訪弱蒙歌店鬼软軟典欲萨薩伙遭盘盤爸扩擴盖蓋弄雄稳穩忘亿億刺拥擁徒姆杨楊齐齊赛賽趣曲刀床迎冰虚虛玩析窗醒妻透购購替塞努休虎扬揚途侵刑绿綠兄迅套贸貿毕畢唯谷轮輪库庫迹跡尤竞競街促延震弃棄甲伟偉麻川申缓緩潜潛闪閃售灯燈针針哲络絡抵朱埃抱鼓植纯純夏忍页頁杰筑築折郑鄭贝貝尊吴吳秀混臣雅振染盛怒舞圆圓搞狂措姓残殘秋培迷诚誠宽寬宇猛摆擺梅毁毀伸摩盟末乃悲拍丁赵趙硬麦麥蒋蔣操耶阻订訂彩抽赞贊魔纷紛沿喊违違妹浪汇匯币幣丰豐蓝藍殊献獻桌啦瓦莱萊援译譯夺奪汽烧燒距裁偏符勇触觸课課敬哭懂墙牆袭襲召罚罰侠俠厅廳拜巧侧側韩韓冒债債曼融惯慣享戴童犹猶乘挂掛奖獎绍紹厚纵縱障讯訊涉彻徹刊丈爆乌烏役描洗玛瑪患妙镜鏡唱烦煩签簽仙彼弗症仿倾傾牌陷鸟鳥轰轟咱菜闭閉奋奮庆慶撤泪淚茶疾缘緣播朗杜奶季丹狗尾仪儀偷奔珠虫蟲驻駐孔宜艾桥橋淡翼恨繁寒伴叹嘆旦愈潮粮糧缩縮罢罷聚径徑恰挑袋灰捕徐珍幕映裂泰隔启啟尖忠累炎暂暫估泛荒偿償横橫拒瑞忆憶孤鼻闹鬧羊呆厉厲衡胞零穷窮舍码碼赫婆魂灾災洪腿胆膽津俗辩辯胸晓曉劲勁贫貧仁偶辑輯邦恢赖賴圈摸仰润潤堆碰艇稍迟遲辆輛废廢净淨凶署壁御奉旋冬矿礦抬蛋晨伏吹鸡雞倍糊秦盾杯租骑騎乏隆诊診奴摄攝丧喪污汙渡旗甘耐凭憑扎抢搶绪緒粗肩梁幻菲皆碎宙叔岩荡蕩综綜爬荷悉蒂返井壮壯薄悄扫掃敏碍礙殖详詳迪矛霍允幅撒剩凯凱颗顆骂罵赏賞液番箱贴貼漫酸郎腰舒眉忧憂浮辛恋戀餐吓嚇挺励勵辞辭艘键鍵伍峰尺昨黎辈輩贯貫侦偵滑券崇扰擾宪憲绕繞趋趨慈乔喬阅閱汗枝拖墨胁脅插箭腊臘粉泥氏彭拔骗騙凤鳳慧媒佩愤憤扑撲龄齡驱驅惜豪掩兼跃躍尸屍肃肅帕驶駛堡届屆欣惠册冊储儲飘飄桑闲閒惨慘洁潔踪蹤勃宾賓频頻仇磨递遞邪撞拟擬滚滾奏巡颜顏剂劑绩績贡貢疯瘋坡瞧截燃焦殿伪偽柳锁鎖逼颇頗昏劝勸呈搜勤戒驾駕漂饮飲曹朵仔柔俩倆孟腐幼践踐籍牧凉涼牲佳娜浓濃芳稿竹腹跌逻邏垂遵脉脈貌柏狱獄猜怜憐惑陶兽獸帐帳饰飾贷貸昌叙敘躺钢鋼沟溝寄扶铺鋪邓鄧寿壽惧懼询詢汤湯盗盜肥尝嘗匆辉輝奈扣廷澳嘛董迁遷凝慰厌厭脏髒腾騰幽怨鞋丢丟埋泉涌辖轄躲晋晉紫艰艱魏吾慌祝邮郵吐狠鉴鑒曰械咬邻鄰赤挤擠弯彎椅陪割揭韦韋悟聪聰雾霧锋鋒梯猫貓祥阔闊誉譽筹籌丛叢牵牽鸣鳴沈阁閣穆屈旨袖猎獵臂蛇贺賀柱抛拋鼠瑟戈牢逊遜迈邁欺吨噸琴衰瓶恼惱燕仲诱誘狼池疼卢盧仗冠粒遥遙吕呂玄尘塵冯馮抚撫浅淺敦纠糾钻鑽晶岂豈峡峽苍蒼喷噴耗凌敲菌赔賠涂塗粹扁亏虧寂煤熊恭湿濕循暖糖赋賦抑秩帽哀宿踏烂爛袁侯抖夹夾昆肝擦猪豬炼煉恒恆慎搬纽紐纹紋玻渔漁磁铜銅齿齒跨押怖漠疲叛遣兹茲祭醉拳弥彌斜档檔稀捷肤膚疫肿腫豆削岗崗晃吞宏癌肚隶隸履涨漲耀扭坛壇拨撥沃绘繪伐堪仆郭牺犧歼殲墓雇廉契拼惩懲捉覆刷劫嫌瓜歇雕闷悶乳串娃缴繳唤喚赢贏莲蓮霸桃妥瘦搭赴岳嘉舱艙俊址庞龐耕锐銳缝縫悔邀玲惟斥宅添挖呵讼訟氧浩羽斤酷掠妖祸禍侍乙妨贪貪挣掙汪尿莉悬懸唇翰仓倉轨軌枚盐鹽览覽傅帅帥庙廟芬屏寺胖璃愚滴疏萧蕭姿颤顫丑醜劣柯寸扔盯辱匹俱辨饿餓蜂哦腔郁鬱溃潰谨謹糟葛苗肠腸忌溜鸿鴻爵鹏鵬鹰鷹笼籠丘桂滋聊挡擋纲綱肌茨壳殼痕碗穴膀卓贤賢卧臥膜毅锦錦欠哩函茫昂薛皱皺夸誇豫胃舌剥剝傲拾窝窩睁睜携攜陵哼棉晴铃鈴填饲飼渴吻扮逆脆喘罩卜炉爐柴愉绳繩胎蓄眠竭喂傻慕浑渾奸扇柜櫃悦悅拦攔诞誕饱飽乾泡贼賊亭夕爹酬儒姻卵氛泄洩杆挨僧蜜吟猩遂狭狹肖甜霞驳駁裕顽頑於摘矮秒卿畜咽披辅輔勾盆疆赌賭塑畏吵囊嗯泊肺骤驟缠纏冈岡羞瞪吊贾賈漏斑涛濤悠鹿俘锡錫卑葬铭銘滩灘嫁催璇翅盒蛮蠻矣潘歧赐賜鲍鮑锅鍋廊拆灌勉盲宰佐啥胀脹扯禧辽遼抹筒棋裤褲唉朴咐孕誓喉妄拘链鏈驰馳栏欄逝窃竊艳豔臭纤纖玑璣棵趁匠盈翁愁瞬婴嬰孝颈頸倘浙谅諒蔽畅暢赠贈妮莎尉冻凍跪闯闖葡後厨廚鸭鴨颠顛遮谊誼圳吁仑侖辟瘤嫂陀框谭譚亨钦欽庸歉芝吼甫衫摊攤宴嘱囑衷娇嬌陕陝矩浦讶訝耸聳裸碧摧薪淋耻恥胶膠屠鹅鵝瘾癮毫',
  ),
);

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x20000 && code <= 0x2ffff);
}

/** Share of Han characters in a text that are common ones; -1 when it has too few Han to judge. */
function hanPlausibility(text: string): number {
  let han = 0;
  let common = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (isHan(code)) {
      han += 1;
      if (COMMON_HAN.has(character)) common += 1;
    }
  }
  return han < 4 ? -1 : common / han;
}

/** Counts U+FFFD in a string. */
function replacementCount(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\uFFFD'); index >= 0; index = text.indexOf('\uFFFD', index + 1)) count += 1;
  return count;
}

/** Counts characters outside ASCII (valid multi-byte sequences) in a text. */
function nonAsciiCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 0x7f && code !== 0xfffd) count += 1;
  }
  return count;
}

// Chardet answers with its own names; these are the WHATWG / iconv-lite names we decode with.
const CHARDET_NAMES: Readonly<Record<string, string>> = {
  'ISO-8859-1': 'windows-1252',
  'UTF-32LE': 'utf-32le',
  'UTF-32BE': 'utf-32be',
  'ISO-2022-JP': 'iso-2022-jp',
  'ISO-2022-KR': 'iso-2022-kr',
  'ISO-2022-CN': 'iso-2022-cn',
};

const CJK_ENCODINGS = new Set(['gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr']);
const DETECTOR_SAMPLE_BYTES = 256 * 1024;

/** Guesses a text file's encoding: BOM, then strict UTF-8, then UTF-16 without BOM, then chardet. */
export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  return detect(bytes).guess;
}

/** detectEncoding, also handing back the text when strict UTF-8 decoding already produced it. */
function detect(bytes: Uint8Array): { guess: EncodingGuess; utf8?: string } {
  if (bytes.length === 0) return { guess: { encoding: 'utf-8', confidence: 100, certain: true }, utf8: '' };
  const bom = bomEncoding(bytes);
  if (bom) return { guess: { encoding: bom.encoding, confidence: 100, certain: true } };
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { guess: { encoding: 'utf-8', confidence: 100, certain: true }, utf8 };
  return { guess: detectLegacy(bytes) };
}

/** The detector proper, for bytes that are neither BOM-marked nor valid UTF-8. */
function detectLegacy(bytes: Uint8Array): EncodingGuess {
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, confidence: 80, certain: false };

  // Mostly valid UTF-8 with a few bad sequences is damaged UTF-8, not another encoding. Read
  // as UTF-8, GBK prose has about 0.27 valid multi-byte characters per bad sequence and Big5,
  // Shift_JIS or EUC-KR under 0.1 (measured on a corpus regulation), so 3 per bad one is safe.
  const sample = bytes.subarray(0, DETECTOR_SAMPLE_BYTES);
  const lenient = decodeWith('utf-8', sample, false);
  const valid = nonAsciiCount(lenient);
  const invalid = replacementCount(lenient);
  if (valid > 0 && invalid * 3 <= valid) {
    return { encoding: 'utf-8', confidence: Math.max(50, Math.round(90 - (invalid / valid) * 120)), certain: false };
  }

  const candidates = chardet
    .analyse(sample)
    .map((match) => ({ encoding: canonicalEncoding(CHARDET_NAMES[match.name] ?? match.name), confidence: match.confidence }))
    .filter((match): match is { encoding: string; confidence: number } => match.encoding !== null)
    .slice(0, 5);
  if (candidates.length === 0) return { encoding: 'utf-8', confidence: 10, certain: false };
  const top = candidates[0];
  if (!CJK_ENCODINGS.has(top.encoding) && !candidates.some((match) => match.encoding === 'gb18030' || match.encoding === 'big5')) {
    return { encoding: top.encoding, confidence: top.confidence, certain: false };
  }

  // Among Chinese candidates, the decoding full of common characters wins.
  const chinese = new Map(candidates.filter((match) => CJK_ENCODINGS.has(match.encoding)).map((match) => [match.encoding, match.confidence]));
  for (const extra of ['gb18030', 'big5']) if (!chinese.has(extra)) chinese.set(extra, 10);
  let best = { encoding: top.encoding, confidence: top.confidence, score: -2 };
  for (const [encoding, confidence] of chinese) {
    const decoded = decodeWith(encoding, sample, false);
    const han = hanPlausibility(decoded);
    const score = han - replacementCount(decoded) / Math.max(1, decoded.length) * 10;
    if (score > best.score || (score === best.score && confidence > best.confidence)) best = { encoding, confidence, score };
  }
  const certain = best.encoding === top.encoding && top.confidence >= 90 && best.score >= 0.3;
  return { encoding: best.encoding, confidence: best.encoding === top.encoding ? top.confidence : 60, certain };
}

/** The first line numbers (1-based) holding U+FFFD in a normalised text. */
function replacementLines(text: string, limit: number): { lines: number[]; more: number } {
  const lines: number[] = [];
  let more = 0;
  let line = 1;
  let lastCounted = 0;
  let searchFrom = 0;
  for (let index = text.indexOf('\uFFFD'); index >= 0; index = text.indexOf('\uFFFD', index + 1)) {
    for (let cursor = text.indexOf('\n', searchFrom); cursor >= 0 && cursor < index; cursor = text.indexOf('\n', cursor + 1)) {
      line += 1;
      searchFrom = cursor + 1;
    }
    if (line === lastCounted) continue;
    lastCounted = line;
    if (lines.length < limit) lines.push(line);
    else more += 1;
  }
  return { lines, more };
}

/** "line 3", "lines 3, 7 and 9", "lines 3, 7, 9 and 4 more lines". */
function describeLines(lines: readonly number[], more: number): string {
  if (lines.length === 1 && more === 0) return `line ${lines[0]}`;
  if (more > 0) return `lines ${lines.join(', ')} and ${formatCount(more)} more line${more === 1 ? '' : 's'}`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gb18030: 'GB18030',
  big5: 'Big5',
  'windows-1252': 'Windows-1252 (Western)',
  shift_jis: 'Shift_JIS',
  'euc-jp': 'EUC-JP',
  'euc-kr': 'EUC-KR',
};

/** The name an encoding is shown under in messages. */
export function displayEncoding(encoding: string): string {
  return DISPLAY_NAMES[encoding] ?? encoding.toUpperCase();
}

/** Share of characters that never occur in text (C0/C1 controls other than tab, LF, CR, FF). */
function controlShare(text: string): number {
  const length = Math.min(text.length, 65536);
  // Fast path: ordinary text has none at all. (Matching control characters is the point here.)
  // eslint-disable-next-line no-control-regex
  if (length === 0 || !/[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]/.test(text.slice(0, length))) return 0;
  let controls = 0;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || (code >= 0x7f && code <= 0x9f)) {
      controls += 1;
    }
  }
  return controls / length;
}

/**
 * Chooses how to decode a text file: the researcher's encoding, else a BOM, a declared charset
 * (unless the bytes are valid UTF-8 and invalid in it) or the detector. Refuses binary files.
 * The import and the preview both use it, so the preview shows what the import will do.
 */
export function chooseEncoding(
  bytes: Uint8Array,
  fileName: string,
  options: DecodeOptions = {},
): { guess: EncodingGuess; notes: string[]; noteKeys: Record<string, KeyedMessage>; utf8?: string } {
  if (bytes.length === 0) throw new UserError('unsupported-format', `${fileName} is empty (0 bytes).`, keyed('import.empty', { file: fileName }));
  const notes: string[] = [];
  const noteKeys: Record<string, KeyedMessage> = {};
  if (options.encoding) {
    const chosen = canonicalEncoding(options.encoding);
    if (!chosen) {
      throw new UserError(
        'invalid-arguments',
        `"${options.encoding}" is not an encoding Marginalia knows; try utf-8, gb18030, gbk, big5, utf-16le or utf-16be.`,
        keyed('import.encodingUnknown', { file: fileName, encoding: options.encoding }),
      );
    }
    return { guess: { encoding: chosen, confidence: 100, certain: true }, notes, noteKeys };
  }
  const bom = bomEncoding(bytes);
  const kind = bom ? null : binaryMatch(bytes);
  if (kind) {
    throw new UserError('unsupported-format', `${fileName} is not a text file: it looks like ${kind.what}.`, keyed(`import.binary.${kind.id}`, { file: fileName }));
  }
  const detected = detect(bytes);
  let guess = detected.guess;
  const declared = options.declared ? canonicalEncoding(options.declared) : null;
  if (!bom && declared && declared !== guess.encoding) {
    if (tryFatal(declared, bytes) !== null || guess.encoding !== 'utf-8' || !guess.certain) {
      guess = { encoding: declared, confidence: 100, certain: true };
    } else {
      addNote(
        notes,
        noteKeys,
        `The file says its encoding is ${displayEncoding(declared)}, but it is valid UTF-8 and is not valid ${displayEncoding(declared)}; it was read as UTF-8.`,
        keyed('import.declaredNotUtf8', { encoding: displayEncoding(declared) }),
      );
    }
  } else if (!bom && declared && declared === guess.encoding) {
    guess = { ...guess, certain: true };
  }
  const wide = guess.encoding.startsWith('utf-16') || guess.encoding.startsWith('utf-32');
  // Buffer's indexOf is memchr; TypedArray includes took 20× as long on the import bench batch.
  if (!wide && Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65536)).indexOf(0) >= 0) {
    throw new UserError('unsupported-format', `${fileName} is not a text file: it contains binary data (zero bytes).`, keyed('import.binaryZeros', { file: fileName }));
  }
  return { guess, notes, noteKeys, ...(guess.encoding === 'utf-8' && detected.utf8 !== undefined ? { utf8: detected.utf8 } : {}) };
}

/**
 * Decodes a text file's bytes with chooseEncoding's choice. Bytes that cannot be decoded
 * become U+FFFD and are reported in the notes (how many, which lines); a file that is clearly
 * binary is refused.
 */
export function decodeText(bytes: Uint8Array, fileName: string, options: DecodeOptions = {}): DecodedText {
  const { guess, notes, noteKeys, utf8 } = chooseEncoding(bytes, fileName, options);
  const strict = utf8 ?? tryFatal(guess.encoding, bytes);
  const raw = strict ?? decodeWith(guess.encoding, bytes, false);
  const text = normaliseText(raw);
  if (controlShare(text) > 0.01) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is not a text file: read as ${displayEncoding(guess.encoding)} it is full of control characters (binary data).`,
      keyed('import.binaryControl', { file: fileName, encoding: displayEncoding(guess.encoding) }),
    );
  }
  if (!guess.certain) {
    addNote(
      notes,
      noteKeys,
      `The encoding was detected as ${displayEncoding(guess.encoding)} (${guess.confidence}% confidence); if the text looks wrong, import it again choosing its encoding.`,
      keyed('import.encodingGuessed', { encoding: displayEncoding(guess.encoding), confidence: guess.confidence }),
    );
  } else if (guess.encoding !== 'utf-8' && !options.encoding) {
    addNote(notes, noteKeys, `Read as ${displayEncoding(guess.encoding)}.`, keyed('import.readAs', { encoding: displayEncoding(guess.encoding) }));
  }
  if (strict === null) {
    const replaced = replacementCount(text);
    if (replaced > Math.max(16, text.length * 0.1)) {
      throw new UserError(
        'unsupported-format',
        `${fileName} is not readable as ${displayEncoding(guess.encoding)} text: ${formatCount(replaced)} of its ${formatCount(text.length)} characters cannot be decoded. If it is text, import it again choosing its encoding (for example gb18030 or big5).`,
        keyed('import.undecodable', { file: fileName, encoding: displayEncoding(guess.encoding), count: replaced, length: text.length }),
      );
    }
    if (replaced > 0) {
      const { lines, more } = replacementLines(text, 5);
      addNote(
        notes,
        noteKeys,
        `${formatCount(replaced)} character${replaced === 1 ? '' : 's'} could not be decoded and ${replaced === 1 ? 'was' : 'were'} replaced with � (U+FFFD) on ${describeLines(lines, more)}; check those places against the original or choose another encoding.`,
        more > 0
          ? keyed('import.replacedMore', { count: replaced, lines: lines.join(', '), more })
          : keyed('import.replaced', { count: replaced, lines: lines.join(', ') }),
      );
    }
  }
  // normaliseText hands back the same string when it had nothing to change.
  return { text, guess, notes, noteKeys, bytesAreText: utf8 !== undefined && text === utf8 };
}
