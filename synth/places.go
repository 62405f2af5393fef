package synth

// province is a provincial-level region with its share of filings and a
// few of its cities.
type province struct {
	name   string  // short name, as rules.LookupProvince knows it
	full   string  // full name, e.g. 浙江省
	weight float64 // relative number of filing entities
	cities []city
}

// city is a prefecture-level city; for the four municipalities name is
// empty and the province stands for the city.
type city struct {
	name      string // without 市
	code      string // first four digits of its GB/T 2260 code
	districts []district
}

// district is a county-level division of a city.
type district struct {
	name string // with its 区 or 街道
	code string // last two digits of its GB/T 2260 code
}

// provinces weights regions roughly by their filing volume: the coastal
// provinces and the large cities hold most entities.
var provinces = []province{
	{"北京", "北京市", 9, []city{{"", "1101", []district{{"东城区", "01"}, {"西城区", "02"}, {"朝阳区", "05"}, {"丰台区", "06"}, {"海淀区", "08"}, {"昌平区", "14"}}}}},
	{"天津", "天津市", 1.3, []city{{"", "1201", []district{{"和平区", "01"}, {"河西区", "03"}, {"南开区", "04"}, {"滨海新区", "16"}}}}},
	{"河北", "河北省", 3, []city{
		{"石家庄", "1301", []district{{"长安区", "02"}, {"桥西区", "04"}, {"裕华区", "08"}}},
		{"唐山", "1302", []district{{"路北区", "03"}}},
		{"保定", "1306", []district{{"竞秀区", "02"}}},
		{"廊坊", "1310", []district{{"广阳区", "03"}}},
	}},
	{"山西", "山西省", 1.1, []city{
		{"太原", "1401", []district{{"小店区", "05"}, {"迎泽区", "06"}}},
		{"大同", "1402", []district{{"平城区", "13"}}},
	}},
	{"内蒙古", "内蒙古自治区", 0.6, []city{
		{"呼和浩特", "1501", []district{{"新城区", "02"}, {"赛罕区", "05"}}},
		{"包头", "1502", []district{{"昆都仑区", "03"}}},
		{"鄂尔多斯", "1506", []district{{"东胜区", "02"}}},
	}},
	{"辽宁", "辽宁省", 1.8, []city{
		{"沈阳", "2101", []district{{"和平区", "02"}, {"沈河区", "03"}, {"浑南区", "12"}}},
		{"大连", "2102", []district{{"中山区", "02"}, {"沙河口区", "04"}, {"甘井子区", "11"}}},
	}},
	{"吉林", "吉林省", 0.7, []city{
		{"长春", "2201", []district{{"南关区", "02"}, {"朝阳区", "04"}}},
		{"吉林", "2202", []district{{"船营区", "04"}}},
	}},
	{"黑龙江", "黑龙江省", 0.9, []city{
		{"哈尔滨", "2301", []district{{"道里区", "02"}, {"南岗区", "03"}, {"松北区", "09"}}},
		{"大庆", "2306", []district{{"萨尔图区", "02"}}},
	}},
	{"上海", "上海市", 7, []city{{"", "3101", []district{{"黄浦区", "01"}, {"徐汇区", "04"}, {"长宁区", "05"}, {"静安区", "06"}, {"闵行区", "12"}, {"浦东新区", "15"}}}}},
	{"江苏", "江苏省", 8, []city{
		{"南京", "3201", []district{{"玄武区", "02"}, {"秦淮区", "04"}, {"鼓楼区", "06"}, {"江宁区", "15"}}},
		{"苏州", "3205", []district{{"虎丘区", "05"}, {"吴中区", "06"}, {"姑苏区", "08"}}},
		{"无锡", "3202", []district{{"滨湖区", "11"}, {"梁溪区", "13"}}},
		{"常州", "3204", []district{{"天宁区", "02"}, {"武进区", "12"}}},
	}},
	{"浙江", "浙江省", 8.5, []city{
		{"杭州", "3301", []district{{"上城区", "02"}, {"拱墅区", "05"}, {"西湖区", "06"}, {"滨江区", "08"}, {"余杭区", "10"}}},
		{"宁波", "3302", []district{{"海曙区", "03"}, {"鄞州区", "12"}}},
		{"温州", "3303", []district{{"鹿城区", "02"}}},
		{"嘉兴", "3304", []district{{"南湖区", "02"}}},
		{"金华", "3307", []district{{"婺城区", "02"}}},
	}},
	{"安徽", "安徽省", 3, []city{
		{"合肥", "3401", []district{{"瑶海区", "02"}, {"庐阳区", "03"}, {"蜀山区", "04"}, {"包河区", "11"}}},
		{"芜湖", "3402", []district{{"镜湖区", "02"}}},
	}},
	{"福建", "福建省", 5, []city{
		{"福州", "3501", []district{{"鼓楼区", "02"}, {"台江区", "03"}, {"仓山区", "04"}}},
		{"厦门", "3502", []district{{"思明区", "03"}, {"湖里区", "06"}}},
		{"泉州", "3505", []district{{"丰泽区", "03"}}},
	}},
	{"江西", "江西省", 1.8, []city{
		{"南昌", "3601", []district{{"东湖区", "02"}, {"西湖区", "03"}}},
		{"赣州", "3607", []district{{"章贡区", "02"}}},
	}},
	{"山东", "山东省", 6.5, []city{
		{"济南", "3701", []district{{"历下区", "02"}, {"市中区", "03"}, {"槐荫区", "04"}}},
		{"青岛", "3702", []district{{"市南区", "02"}, {"市北区", "03"}, {"崂山区", "12"}}},
		{"烟台", "3706", []district{{"芝罘区", "02"}}},
		{"潍坊", "3707", []district{{"奎文区", "05"}}},
	}},
	{"河南", "河南省", 4.5, []city{
		{"郑州", "4101", []district{{"中原区", "02"}, {"二七区", "03"}, {"金水区", "05"}}},
		{"洛阳", "4103", []district{{"西工区", "03"}}},
	}},
	{"湖北", "湖北省", 3.5, []city{
		{"武汉", "4201", []district{{"江岸区", "02"}, {"江汉区", "03"}, {"武昌区", "06"}, {"洪山区", "11"}}},
		{"宜昌", "4205", []district{{"西陵区", "02"}}},
		{"襄阳", "4206", []district{{"襄城区", "02"}}},
	}},
	{"湖南", "湖南省", 3, []city{
		{"长沙", "4301", []district{{"芙蓉区", "02"}, {"天心区", "03"}, {"岳麓区", "04"}, {"雨花区", "11"}}},
		{"株洲", "4302", []district{{"天元区", "11"}}},
	}},
	{"广东", "广东省", 16, []city{
		{"广州", "4401", []district{{"荔湾区", "03"}, {"越秀区", "04"}, {"海珠区", "05"}, {"天河区", "06"}, {"白云区", "11"}, {"番禺区", "13"}}},
		{"深圳", "4403", []district{{"罗湖区", "03"}, {"福田区", "04"}, {"南山区", "05"}, {"宝安区", "06"}, {"龙岗区", "07"}}},
		{"珠海", "4404", []district{{"香洲区", "02"}}},
		{"佛山", "4406", []district{{"禅城区", "04"}, {"南海区", "05"}, {"顺德区", "06"}}},
		{"东莞", "4419", []district{{"南城街道", "00"}, {"松山湖", "00"}}},
	}},
	{"广西", "广西壮族自治区", 1.5, []city{
		{"南宁", "4501", []district{{"青秀区", "03"}, {"西乡塘区", "07"}}},
		{"柳州", "4502", []district{{"城中区", "02"}}},
		{"桂林", "4503", []district{{"秀峰区", "02"}}},
	}},
	{"海南", "海南省", 0.7, []city{
		{"海口", "4601", []district{{"龙华区", "06"}, {"美兰区", "08"}}},
		{"三亚", "4602", []district{{"吉阳区", "03"}}},
	}},
	{"重庆", "重庆市", 2, []city{{"", "5001", []district{{"渝中区", "03"}, {"江北区", "05"}, {"沙坪坝区", "06"}, {"九龙坡区", "07"}, {"南岸区", "08"}, {"渝北区", "12"}}}}},
	{"四川", "四川省", 4.5, []city{
		{"成都", "5101", []district{{"锦江区", "04"}, {"青羊区", "05"}, {"金牛区", "06"}, {"武侯区", "07"}, {"成华区", "08"}}},
		{"绵阳", "5107", []district{{"涪城区", "03"}}},
	}},
	{"贵州", "贵州省", 0.9, []city{
		{"贵阳", "5201", []district{{"南明区", "02"}, {"云岩区", "03"}, {"观山湖区", "15"}}},
		{"遵义", "5203", []district{{"红花岗区", "02"}}},
	}},
	{"云南", "云南省", 1.2, []city{
		{"昆明", "5301", []district{{"五华区", "02"}, {"盘龙区", "03"}, {"官渡区", "11"}}},
		{"曲靖", "5303", []district{{"麒麟区", "02"}}},
	}},
	{"西藏", "西藏自治区", 0.1, []city{{"拉萨", "5401", []district{{"城关区", "02"}}}}},
	{"陕西", "陕西省", 2, []city{
		{"西安", "6101", []district{{"新城区", "02"}, {"碑林区", "03"}, {"莲湖区", "04"}, {"雁塔区", "13"}}},
		{"宝鸡", "6103", []district{{"渭滨区", "02"}}},
	}},
	{"甘肃", "甘肃省", 0.5, []city{
		{"兰州", "6201", []district{{"城关区", "02"}, {"七里河区", "03"}}},
		{"天水", "6205", []district{{"秦州区", "02"}}},
	}},
	{"青海", "青海省", 0.15, []city{{"西宁", "6301", []district{{"城东区", "02"}, {"城中区", "03"}}}}},
	{"宁夏", "宁夏回族自治区", 0.2, []city{{"银川", "6401", []district{{"兴庆区", "04"}, {"金凤区", "06"}}}}},
	{"新疆", "新疆维吾尔自治区", 0.5, []city{
		{"乌鲁木齐", "6501", []district{{"天山区", "02"}, {"沙依巴克区", "03"}}},
		{"克拉玛依", "6502", []district{{"克拉玛依区", "03"}}},
	}},
}

// provinceChooser picks a province by its filing volume.
var provinceChooser = func() weighted[*province] {
	items := make([]weightedItem[*province], len(provinces))
	for i := range provinces {
		items[i] = weightedItem[*province]{&provinces[i], provinces[i].weight}
	}
	return newWeighted(items)
}()

// place is a district of a city of a province.
type place struct {
	prov *province
	city *city
	dist *district
}

// randomPlace picks a city and district of p; the first city, the capital,
// is the likeliest.
func (g *Generator) randomPlace(p *province) place {
	c := &p.cities[0]
	if len(p.cities) > 1 && !chance(g.rng, 0.5) {
		c = &p.cities[1+g.rng.IntN(len(p.cities)-1)]
	}
	return place{p, c, &c.districts[g.rng.IntN(len(c.districts))]}
}

// nearby returns a district of the same city as pl.
func (g *Generator) nearby(pl place) place {
	pl.dist = &pl.city.districts[g.rng.IntN(len(pl.city.districts))]
	return pl
}

// region returns the six-digit GB/T 2260 code of the district.
func (pl place) region() string { return pl.city.code + pl.dist.code }

// cityShort returns the city as it opens a company name: 杭州, 北京.
func (pl place) cityShort() string {
	if pl.city.name == "" {
		return pl.prov.name
	}
	return pl.city.name
}

// cityFull returns the city with 市: 杭州市, 北京市.
func (pl place) cityFull() string { return pl.cityShort() + "市" }

// prefix returns province, city and district as they open an address:
// 浙江省杭州市西湖区, 北京市海淀区.
func (pl place) prefix() string {
	if pl.city.name == "" {
		return pl.prov.full + pl.dist.name
	}
	return pl.prov.full + pl.city.name + "市" + pl.dist.name
}

// roads are the names of streets in addresses.
var roads = []string{
	"文三路", "中山路", "人民路", "解放路", "建设路", "和平路", "新华路", "长江路", "黄河路", "青年路",
	"东风路", "胜利路", "光明路", "学院路", "科技路", "创业路", "软件园路", "滨江大道", "江南大道", "湖滨路",
	"花园路", "朝阳路", "府前街", "迎宾大道", "工业大道", "民生路", "幸福路", "振兴路", "金融街", "世纪大道",
	"高新大道", "文化路", "体育路", "望江路", "复兴路", "延安路", "天府大道", "丰收路", "梧桐路", "银杏路",
}

// address returns a full street address in the district; office selects
// an office building rather than a residence.
func (g *Generator) address(pl place, office bool) string {
	b := make([]byte, 0, 96)
	b = append(b, pl.prefix()...)
	b = append(b, pickOne(g.rng, roads)...)
	b = appendInt(b, 1+g.rng.IntN(999))
	b = append(b, "号"...)
	if office {
		switch g.rng.IntN(3) {
		case 0:
			b = appendInt(b, 1+g.rng.IntN(12))
			b = append(b, "幢"...)
			b = appendInt(b, 100*(1+g.rng.IntN(28))+1+g.rng.IntN(20))
			b = append(b, "室"...)
		case 1:
			tr, _ := g.tradeName()
			b = append(b, tr.ch...)
			b = append(b, "大厦"...)
			b = appendInt(b, 1+g.rng.IntN(30))
			b = append(b, "层"...)
		}
	} else {
		b = appendInt(b, 1+g.rng.IntN(30))
		b = append(b, "栋"...)
		b = appendInt(b, 100*(1+g.rng.IntN(33))+1+g.rng.IntN(6))
		b = append(b, "室"...)
	}
	return string(b)
}

// cityInitials are the pinyin initials of the cities (keyed by code), as
// public bodies use them in domain names: 杭州 hz.
var cityInitials = map[string]string{
	"1101": "bj", "1201": "tj", "1301": "sjz", "1302": "ts", "1306": "bd", "1310": "lf", "1401": "ty",
	"1402": "dt", "1501": "hhht", "1502": "bt", "1506": "eeds", "2101": "sy", "2102": "dl", "2201": "cc",
	"2202": "jl", "2301": "heb", "2306": "dq", "3101": "sh", "3201": "nj", "3205": "sz", "3202": "wx",
	"3204": "cz", "3301": "hz", "3302": "nb", "3303": "wz", "3304": "jx", "3307": "jh", "3401": "hf",
	"3402": "wh", "3501": "fz", "3502": "xm", "3505": "qz", "3601": "nc", "3607": "gz", "3701": "jn",
	"3702": "qd", "3706": "yt", "3707": "wf", "4101": "zz", "4103": "ly", "4201": "wh", "4205": "yc",
	"4206": "xy", "4301": "cs", "4302": "zz", "4401": "gz", "4403": "sz", "4404": "zh", "4406": "fs",
	"4419": "dg", "4501": "nn", "4502": "lz", "4503": "gl", "4601": "hk", "4602": "sy", "5001": "cq",
	"5101": "cd", "5107": "my", "5201": "gy", "5203": "zy", "5301": "km", "5303": "qj", "5401": "ls",
	"6101": "xa", "6103": "bj", "6201": "lz", "6205": "ts", "6301": "xn", "6401": "yc", "6501": "wlmq",
	"6502": "klmy",
}

// initials returns the pinyin initials of the city.
func (pl place) initials() string { return cityInitials[pl.city.code] }
