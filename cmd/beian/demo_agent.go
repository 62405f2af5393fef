package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/store"
)

// demoProvider is the access provider of the demo's products and reviewer.
const demoProvider = "阿里云计算有限公司"

// demoFiling is one application the demo leaves in a state: whose, and
// what happens to it after creation.
type demoFiling struct {
	login, name, domain string
	steps               []string // submit, reject, approve, abandon
}

// demoFilings leave one application in each state the service reaches.
// 13900000001 keeps no order in flight, so a visitor can walk the wizard
// with it.
var demoFilings = []demoFiling{
	{"13900000001", "赵一", "zhaoyi-demo.cn", []string{"abandon"}},
	{"13900000002", "钱二", "qianer-demo.cn", []string{"submit", "reject"}},
	{"13900000003", "孙三", "sunsan-demo.cn", nil},
	{"13900000004", "李四", "lisi-demo.cn", []string{"submit"}},
	{"13900000005", "周五", "zhouwu-demo.cn", []string{"submit", "approve"}},
}

// demoAgent gives every demo applicant a product at the demo provider and
// files the demo applications through the agent service, once per store.
func demoAgent(ctx context.Context, s *agent.Service, db *store.DB, stdout io.Writer) error {
	reviewer, err := db.FindAccountByLogin(ctx, "reviewer")
	if err != nil {
		return err
	}
	for i, f := range demoFilings {
		a, err := db.FindAccountByLogin(ctx, f.login)
		if err != nil {
			return err
		}
		if _, total, err := s.List(ctx, a, beian.ApplicationFilter{Limit: 1}); err != nil || total > 0 {
			if err == nil {
				fmt.Fprintf(stdout, "demo: %s already has applications; left as they are\n", f.login)
			}
			return err
		}
		p, err := s.AddProduct(ctx, nil, agent.NewProduct{Owner: f.login, Provider: demoProvider, IP: fmt.Sprintf("47.96.%d.10", 100+i),
			Region: "华东1（杭州）", Mainland: true, Expires: s.Now().AddDate(1, 0, 0)})
		if err != nil {
			return fmt.Errorf("demo product of %s: %w", f.login, err)
		}
		if i == 0 { // a second product, free for the wizard
			if _, err := s.AddProduct(ctx, nil, agent.NewProduct{Owner: f.login, Provider: demoProvider, IP: "47.96.99.20",
				Region: "华北2（北京）", Mainland: true, Expires: s.Now().AddDate(2, 0, 0)}); err != nil {
				return err
			}
		}
		app, err := demoFile(ctx, s, a, reviewer, f, i, p.ID)
		if err != nil {
			return fmt.Errorf("demo application of %s: %w", f.login, err)
		}
		fmt.Fprintf(stdout, "demo: application %d of %s is %s (%s)\n", app.ID, f.login, app.Status, app.Status.Label())
	}
	fmt.Fprintf(stdout, "demo: the wizard is at /agent/wizard (log in as 13900000001), the review queue at /agent/review (log in as reviewer)\n")
	return demoFiled(ctx, s, db, stdout)
}

func demoFile(ctx context.Context, s *agent.Service, a, reviewer *beian.Account, f demoFiling, i int, product string) (*beian.Application, error) {
	certNo := demoIDNumber(fmt.Sprintf("33010619900307%03d", 101+i))
	body, err := agent.DecodeApplicationBody([]byte(fmt.Sprintf(`{"record": {"unitName": %q, "natureName": "个人", "province": "浙江",
	  "certType": "居民身份证", "certNo": %q,
	  "principal": {"name": %q, "certType": "居民身份证", "certNo": %q, "mobile": %q, "email": "demo%d@example.cn"},
	  "services": [{"serviceType": 1, "serviceName": "%s的小站", "domains": [%q], "homeUrl": "www.%s"}]},
	  "products": [{"service": 0, "productId": %q}]}`, f.name, certNo, f.name, certNo, f.login, i+1, f.name, f.domain, f.domain, product)), time.Now())
	if err != nil {
		return nil, err
	}
	app, err := s.Create(ctx, a, body)
	if err != nil {
		return nil, err
	}
	for _, k := range []beian.MaterialKind{beian.MaterialPrincipalIDFront, beian.MaterialPrincipalIDBack, beian.MaterialPrincipalPhoto} {
		if _, err := s.AddMaterial(ctx, a, app.ID, k, string(k)+".png", demoPNG(i)); err != nil {
			return nil, err
		}
	}
	for _, step := range f.steps {
		switch step {
		case "submit":
			app, err = s.Submit(ctx, a, app.ID)
		case "reject":
			app, err = s.Review(ctx, reviewer, app.ID, agent.Decision{Rejections: []beian.Rejection{
				{Field: "services[0].serviceName", Reason: "网站名称不符合命名规范：请使用能体现网站内容的名称"},
				{Field: "materials.principalPhoto", Reason: "真实性核验照片不合格：请上传本人手持证件的正面照片"}}})
		case "approve":
			app, err = s.Review(ctx, reviewer, app.ID, agent.Decision{Approve: true, RealPersonChecked: true})
		case "abandon":
			app, err = s.Abandon(ctx, a, app.ID)
		}
		if err != nil {
			return nil, err
		}
	}
	return app, nil
}

// demoIDNumber completes 17 digits of a resident ID number with its check
// character (GB 11643).
func demoIDNumber(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// demoPNG is a grey picture standing in for a scanned certificate.
func demoPNG(seed int) []byte {
	img := image.NewGray(image.Rect(0, 0, 480, 320))
	for j := range img.Pix {
		img.Pix[j] = byte(j/480*3 + seed*40)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
