package synth

import "strings"

// syl is a Chinese character or word with its pinyin, which builds
// domain labels and email addresses.
type syl struct {
	ch string
	py string
}

// surnames are weighted roughly by their frequency in China.
var surnames = newWeighted([]weightedItem[syl]{
	{syl{"王", "wang"}, 7.1}, {syl{"李", "li"}, 7.0}, {syl{"张", "zhang"}, 6.7}, {syl{"刘", "liu"}, 5.4},
	{syl{"陈", "chen"}, 4.5}, {syl{"杨", "yang"}, 3.1}, {syl{"黄", "huang"}, 2.2}, {syl{"赵", "zhao"}, 2.0},
	{syl{"吴", "wu"}, 2.0}, {syl{"周", "zhou"}, 1.9}, {syl{"徐", "xu"}, 1.3}, {syl{"孙", "sun"}, 1.3},
	{syl{"马", "ma"}, 1.2}, {syl{"朱", "zhu"}, 1.2}, {syl{"胡", "hu"}, 1.1}, {syl{"郭", "guo"}, 1.1},
	{syl{"何", "he"}, 1.0}, {syl{"高", "gao"}, 1.0}, {syl{"林", "lin"}, 1.0}, {syl{"罗", "luo"}, 0.9},
	{syl{"郑", "zheng"}, 0.9}, {syl{"梁", "liang"}, 0.9}, {syl{"谢", "xie"}, 0.8}, {syl{"宋", "song"}, 0.7},
	{syl{"唐", "tang"}, 0.7}, {syl{"许", "xu"}, 0.7}, {syl{"韩", "han"}, 0.7}, {syl{"冯", "feng"}, 0.7},
	{syl{"邓", "deng"}, 0.7}, {syl{"曹", "cao"}, 0.6}, {syl{"彭", "peng"}, 0.6}, {syl{"曾", "zeng"}, 0.6},
	{syl{"肖", "xiao"}, 0.6}, {syl{"田", "tian"}, 0.5}, {syl{"董", "dong"}, 0.5}, {syl{"袁", "yuan"}, 0.5},
	{syl{"潘", "pan"}, 0.5}, {syl{"于", "yu"}, 0.5}, {syl{"蒋", "jiang"}, 0.5}, {syl{"蔡", "cai"}, 0.5},
	{syl{"余", "yu"}, 0.5}, {syl{"杜", "du"}, 0.5}, {syl{"叶", "ye"}, 0.4}, {syl{"程", "cheng"}, 0.4},
	{syl{"苏", "su"}, 0.4}, {syl{"魏", "wei"}, 0.4}, {syl{"吕", "lv"}, 0.4}, {syl{"丁", "ding"}, 0.4},
	{syl{"任", "ren"}, 0.4}, {syl{"沈", "shen"}, 0.4}, {syl{"姚", "yao"}, 0.3}, {syl{"卢", "lu"}, 0.3},
	{syl{"姜", "jiang"}, 0.3}, {syl{"崔", "cui"}, 0.3}, {syl{"钟", "zhong"}, 0.3}, {syl{"谭", "tan"}, 0.3},
	{syl{"陆", "lu"}, 0.3}, {syl{"汪", "wang"}, 0.3}, {syl{"范", "fan"}, 0.3}, {syl{"金", "jin"}, 0.3},
	{syl{"石", "shi"}, 0.3}, {syl{"廖", "liao"}, 0.3}, {syl{"贾", "jia"}, 0.3}, {syl{"夏", "xia"}, 0.3},
	{syl{"韦", "wei"}, 0.3}, {syl{"付", "fu"}, 0.3}, {syl{"方", "fang"}, 0.3}, {syl{"白", "bai"}, 0.2},
	{syl{"邹", "zou"}, 0.2}, {syl{"孟", "meng"}, 0.2}, {syl{"熊", "xiong"}, 0.2}, {syl{"秦", "qin"}, 0.2},
	{syl{"邱", "qiu"}, 0.2}, {syl{"江", "jiang"}, 0.2}, {syl{"尹", "yin"}, 0.2}, {syl{"薛", "xue"}, 0.2},
	{syl{"闫", "yan"}, 0.2}, {syl{"段", "duan"}, 0.2}, {syl{"雷", "lei"}, 0.2}, {syl{"侯", "hou"}, 0.2},
	{syl{"龙", "long"}, 0.2}, {syl{"史", "shi"}, 0.2}, {syl{"陶", "tao"}, 0.2}, {syl{"黎", "li"}, 0.2},
	{syl{"贺", "he"}, 0.2}, {syl{"顾", "gu"}, 0.2}, {syl{"毛", "mao"}, 0.2}, {syl{"郝", "hao"}, 0.2},
	{syl{"龚", "gong"}, 0.2}, {syl{"邵", "shao"}, 0.2}, {syl{"万", "wan"}, 0.2}, {syl{"钱", "qian"}, 0.2},
	{syl{"严", "yan"}, 0.2}, {syl{"武", "wu"}, 0.2}, {syl{"戴", "dai"}, 0.2}, {syl{"覃", "qin"}, 0.1},
	{syl{"莫", "mo"}, 0.1}, {syl{"孔", "kong"}, 0.1}, {syl{"向", "xiang"}, 0.1}, {syl{"汤", "tang"}, 0.1},
	{syl{"欧阳", "ouyang"}, 0.05}, {syl{"司马", "sima"}, 0.02}, {syl{"诸葛", "zhuge"}, 0.02}, {syl{"上官", "shangguan"}, 0.02},
})

// maleGiven and femaleGiven are characters common in given names.
var (
	maleGiven = []syl{
		{"伟", "wei"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"勇", "yong"}, {"杰", "jie"}, {"涛", "tao"},
		{"斌", "bin"}, {"超", "chao"}, {"明", "ming"}, {"刚", "gang"}, {"平", "ping"}, {"辉", "hui"}, {"鹏", "peng"},
		{"华", "hua"}, {"飞", "fei"}, {"鑫", "xin"}, {"波", "bo"}, {"宇", "yu"}, {"浩", "hao"}, {"凯", "kai"},
		{"健", "jian"}, {"俊", "jun"}, {"帆", "fan"}, {"帅", "shuai"}, {"旭", "xu"}, {"宁", "ning"}, {"龙", "long"},
		{"林", "lin"}, {"阳", "yang"}, {"成", "cheng"}, {"建", "jian"}, {"国", "guo"}, {"志", "zhi"}, {"文", "wen"},
		{"博", "bo"}, {"子", "zi"}, {"轩", "xuan"}, {"晨", "chen"}, {"睿", "rui"}, {"泽", "ze"}, {"豪", "hao"},
		{"锋", "feng"}, {"洋", "yang"}, {"亮", "liang"}, {"海", "hai"}, {"东", "dong"}, {"新", "xin"}, {"峰", "feng"},
		{"毅", "yi"}, {"翔", "xiang"}, {"天", "tian"}, {"然", "ran"}, {"一", "yi"}, {"嘉", "jia"}, {"铭", "ming"},
		{"昊", "hao"}, {"宏", "hong"}, {"彬", "bin"}, {"振", "zhen"}, {"永", "yong"}, {"春", "chun"}, {"云", "yun"},
	}
	femaleGiven = []syl{
		{"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"艳", "yan"}, {"娟", "juan"},
		{"霞", "xia"}, {"燕", "yan"}, {"玲", "ling"}, {"婷", "ting"}, {"雪", "xue"}, {"慧", "hui"}, {"莹", "ying"},
		{"倩", "qian"}, {"琳", "lin"}, {"欣", "xin"}, {"颖", "ying"}, {"佳", "jia"}, {"晶", "jing"}, {"洁", "jie"},
		{"梅", "mei"}, {"兰", "lan"}, {"红", "hong"}, {"萍", "ping"}, {"秀", "xiu"}, {"英", "ying"}, {"华", "hua"},
		{"月", "yue"}, {"露", "lu"}, {"瑶", "yao"}, {"怡", "yi"}, {"雨", "yu"}, {"思", "si"}, {"涵", "han"},
		{"琪", "qi"}, {"悦", "yue"}, {"璐", "lu"}, {"薇", "wei"}, {"梦", "meng"}, {"诗", "shi"}, {"晓", "xiao"},
		{"文", "wen"}, {"子", "zi"}, {"可", "ke"}, {"妍", "yan"}, {"馨", "xin"}, {"宁", "ning"}, {"丹", "dan"},
		{"蕾", "lei"}, {"凤", "feng"}, {"桂", "gui"}, {"琴", "qin"}, {"岚", "lan"}, {"雯", "wen"}, {"嘉", "jia"},
	}
)

// tradeVocab are the characters trade names (字号) are made of; two of them
// make a name such as 云栖.
var tradeVocab = []syl{
	{"云", "yun"}, {"栖", "qi"}, {"星", "xing"}, {"辰", "chen"}, {"海", "hai"}, {"山", "shan"}, {"河", "he"},
	{"锦", "jin"}, {"华", "hua"}, {"瑞", "rui"}, {"祥", "xiang"}, {"泰", "tai"}, {"安", "an"}, {"康", "kang"},
	{"恒", "heng"}, {"信", "xin"}, {"达", "da"}, {"通", "tong"}, {"联", "lian"}, {"创", "chuang"}, {"新", "xin"},
	{"智", "zhi"}, {"慧", "hui"}, {"博", "bo"}, {"远", "yuan"}, {"鸿", "hong"}, {"鹏", "peng"}, {"腾", "teng"},
	{"飞", "fei"}, {"龙", "long"}, {"凤", "feng"}, {"天", "tian"}, {"宇", "yu"}, {"景", "jing"}, {"明", "ming"},
	{"光", "guang"}, {"辉", "hui"}, {"耀", "yao"}, {"金", "jin"}, {"银", "yin"}, {"玉", "yu"}, {"宝", "bao"},
	{"盛", "sheng"}, {"兴", "xing"}, {"隆", "long"}, {"昌", "chang"}, {"丰", "feng"}, {"源", "yuan"}, {"润", "run"},
	{"泽", "ze"}, {"清", "qing"}, {"澜", "lan"}, {"波", "bo"}, {"涛", "tao"}, {"汇", "hui"}, {"聚", "ju"},
	{"合", "he"}, {"和", "he"}, {"美", "mei"}, {"佳", "jia"}, {"优", "you"}, {"品", "pin"}, {"尚", "shang"},
	{"诚", "cheng"}, {"德", "de"}, {"仁", "ren"}, {"义", "yi"}, {"乐", "le"}, {"嘉", "jia"}, {"禾", "he"},
	{"木", "mu"}, {"林", "lin"}, {"森", "sen"}, {"青", "qing"}, {"蓝", "lan"}, {"橙", "cheng"}, {"紫", "zi"},
	{"朗", "lang"}, {"晴", "qing"}, {"阳", "yang"}, {"月", "yue"}, {"晨", "chen"}, {"曦", "xi"}, {"启", "qi"},
	{"航", "hang"}, {"帆", "fan"}, {"舟", "zhou"}, {"桥", "qiao"}, {"峰", "feng"}, {"岭", "ling"}, {"川", "chuan"},
	{"江", "jiang"}, {"湖", "hu"}, {"溪", "xi"}, {"泉", "quan"}, {"石", "shi"}, {"磐", "pan"}, {"峻", "jun"},
	{"卓", "zhuo"}, {"越", "yue"}, {"超", "chao"}, {"凡", "fan"}, {"极", "ji"}, {"致", "zhi"}, {"精", "jing"},
	{"微", "wei"}, {"速", "su"}, {"迅", "xun"}, {"捷", "jie"}, {"易", "yi"}, {"简", "jian"}, {"方", "fang"},
	{"圆", "yuan"}, {"正", "zheng"}, {"元", "yuan"}, {"初", "chu"}, {"本", "ben"}, {"真", "zhen"}, {"知", "zhi"},
	{"行", "xing"}, {"思", "si"}, {"睿", "rui"}, {"哲", "zhe"}, {"灵", "ling"}, {"动", "dong"}, {"力", "li"},
	{"数", "shu"}, {"码", "ma"}, {"芯", "xin"}, {"点", "dian"}, {"象", "xiang"}, {"维", "wei"}, {"度", "du"},
	{"图", "tu"}, {"谷", "gu"}, {"田", "tian"}, {"园", "yuan"}, {"果", "guo"}, {"麦", "mai"}, {"花", "hua"},
	{"叶", "ye"}, {"竹", "zhu"}, {"松", "song"}, {"柏", "bai"}, {"梅", "mei"}, {"兰", "lan"}, {"菊", "ju"},
	{"荷", "he"}, {"莲", "lian"}, {"鲸", "jing"}, {"鹿", "lu"}, {"熊", "xiong"}, {"狮", "shi"}, {"虎", "hu"},
	{"鹰", "ying"}, {"蜂", "feng"}, {"猫", "mao"}, {"豆", "dou"}, {"米", "mi"}, {"糖", "tang"}, {"橘", "ju"},
	{"柚", "you"}, {"茶", "cha"}, {"酷", "ku"}, {"萌", "meng"}, {"趣", "qu"}, {"悦", "yue"}, {"享", "xiang"},
	{"途", "tu"}, {"旅", "lv"}, {"家", "jia"}, {"居", "ju"}, {"邦", "bang"}, {"众", "zhong"}, {"友", "you"},
	{"诺", "nuo"}, {"百", "bai"}, {"千", "qian"}, {"万", "wan"}, {"九", "jiu"}, {"七", "qi"}, {"壹", "yi"},
	{"鼎", "ding"}, {"铭", "ming"}, {"臻", "zhen"}, {"弘", "hong"}, {"逸", "yi"}, {"凌", "ling"}, {"霆", "ting"},
}

// industry is the line of business in a company name, with an English
// word that may join the domain label.
type industry struct {
	name string
	en   string
}

var industries = newWeighted([]weightedItem[industry]{
	{industry{"科技", "tech"}, 14}, {industry{"网络科技", "net"}, 12}, {industry{"信息技术", "info"}, 8},
	{industry{"文化传媒", "media"}, 6}, {industry{"电子商务", "shop"}, 6}, {industry{"教育科技", "edu"}, 4},
	{industry{"贸易", "trade"}, 5}, {industry{"商贸", "trade"}, 4}, {industry{"餐饮管理", "food"}, 3},
	{industry{"建筑工程", "build"}, 3}, {industry{"医疗器械", "med"}, 2}, {industry{"软件", "soft"}, 3},
	{industry{"数据科技", "data"}, 2}, {industry{"智能科技", "ai"}, 3}, {industry{"广告", "ad"}, 2},
	{industry{"企业管理咨询", "consult"}, 2}, {industry{"物流", "express"}, 2}, {industry{"实业", "group"}, 2},
	{industry{"电子", "tech"}, 2}, {industry{"文化发展", "culture"}, 2}, {industry{"健康管理", "health"}, 2},
	{industry{"酒店管理", "hotel"}, 1}, {industry{"房地产开发", "home"}, 1}, {industry{"装饰工程", "design"}, 2},
	{industry{"农业科技", "farm"}, 1}, {industry{"生物科技", "bio"}, 1}, {industry{"新能源科技", "energy"}, 1},
	{industry{"汽车服务", "auto"}, 1}, {industry{"旅游发展", "travel"}, 1}, {industry{"环保科技", "eco"}, 1},
	{industry{"印刷", "print"}, 1}, {industry{"服饰", "fashion"}, 1}, {industry{"食品", "food"}, 1},
	{industry{"家居", "home"}, 1}, {industry{"体育文化", "sport"}, 1}, {industry{"影视传媒", "film"}, 1},
	{industry{"信息科技", "info"}, 3}, {industry{"人力资源", "hr"}, 1}, {industry{"供应链管理", "scm"}, 1},
})

// companyForms end a company name.
var companyForms = newWeighted([]weightedItem[string]{{"有限公司", 90}, {"股份有限公司", 5}, {"有限责任公司", 5}})

// shops are the businesses of individually owned businesses (个体工商户).
var shops = []string{"小吃店", "便利店", "服装店", "五金店", "网店", "工作室", "电脑维修部", "美容店", "茶叶店", "水果店", "餐馆", "家电经营部"}

// Service names are built from these endings.
var (
	companySiteNames  = newWeighted([]weightedItem[string]{{"官网", 45}, {"官方网站", 15}, {"网", 5}, {"商城", 8}, {"企业网站", 7}, {"", 20}})
	companyMiniNames  = uniform("助手", "商城", "小助手", "会员中心", "点餐", "预约", "优选", "生活", "服务", "小程序")
	companyAppNames   = uniform("", "App", "生活", "云", "办公", "出行", "健康", "商城")
	companyQuickNames = uniform("快应用", "阅读", "小游戏", "工具")
	personSiteNames   = uniform("随笔", "小筑", "札记", "手记", "杂谈", "日志", "书屋", "记事", "漫谈", "小屋", "拾光", "茶舍")
	personAppNames    = uniform("记账", "工具箱", "打卡", "日历", "小助手", "备忘录", "计时器", "记账本")
	orgSiteNames      = newWeighted([]weightedItem[string]{{"", 50}, {"网站", 30}, {"门户网站", 20}})
	orgAppNames       = uniform("服务", "助手", "预约", "办事")
)

// person is a natural person who files or answers for a filing.
type person struct {
	name     string
	pinyin   string // full name in pinyin, surname first
	initials string
	id       string
	birthDay int // days since 1955-01-01
	mobile   string
}

// personName returns a random name for a man or a woman.
func (g *Generator) personName(male bool) (name, py, initials string) {
	s := surnames.pick(g.rng)
	given := femaleGiven
	if male {
		given = maleGiven
	}
	var nb, pb, ib strings.Builder
	nb.WriteString(s.ch)
	pb.WriteString(s.py)
	ib.WriteByte(s.py[0])
	k := 1
	if chance(g.rng, 0.7) {
		k = 2
	}
	for range k {
		c := pickOne(g.rng, given)
		nb.WriteString(c.ch)
		pb.WriteString(c.py)
		ib.WriteByte(c.py[0])
	}
	return nb.String(), pb.String(), ib.String()
}

// tradeName returns two distinct characters of tradeVocab and the
// initials of their pinyin.
func (g *Generator) tradeName() (syl, string) {
	i := g.rng.IntN(len(tradeVocab))
	j := g.rng.IntN(len(tradeVocab) - 1)
	if j >= i {
		j++
	}
	a, b := tradeVocab[i], tradeVocab[j]
	return syl{a.ch + b.ch, a.py + b.py}, string([]byte{a.py[0], b.py[0]})
}
