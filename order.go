package beian

import "fmt"

// OrderPolicy bounds what one application (备案订单) may hold. Providers
// agree on one website per personal order and up to 10 per enterprise order.
type OrderPolicy struct {
	MaxPersonalServices   int
	MaxEnterpriseServices int
}

// DefaultOrderPolicy is 1 service for 个人, 10 for every other nature.
var DefaultOrderPolicy = OrderPolicy{MaxPersonalServices: 1, MaxEnterpriseServices: 10}

// CheckServiceCount refuses an order of a new-service filing type with no
// service or more services than the nature allows (an individual files a
// website and an App in two orders).
func (p OrderPolicy) CheckServiceCount(nature string, ft FilingType, services int) error {
	if ft != FilingFirst && ft != FilingNewSite && ft != FilingNewAccess {
		return nil
	}
	if services == 0 {
		return FieldErrorf("services", "至少需要填写一个网站或 App")
	}
	if nature == NaturePersonal {
		if services > p.MaxPersonalServices {
			return FieldErrorf("services", "个人备案每个订单最多 %d 个网站或 App，请分开提交", p.MaxPersonalServices)
		}
		return nil
	}
	if services > p.MaxEnterpriseServices {
		return FieldErrorf("services", "每个订单最多 %d 个网站或 App", p.MaxEnterpriseServices)
	}
	return nil
}

// CheckOneInFlight refuses a new order while the account has another one in
// flight. open are the account's applications; self is the id of the order
// being created or submitted (0 for a new one), which does not count.
func CheckOneInFlight(open []*Application, self int64) error {
	for _, a := range open {
		if a.ID != self && a.Status.InFlight() {
			return Errorf(ECONFLICT, "您已有一个进行中的备案订单（编号 %d，%s），请先完成或放弃该订单", a.ID, a.Status.Label())
		}
	}
	return nil
}

// CombineFilingTypes returns the one filing type of an order whose services
// the type check decided one by one (types[i] for services[i]); an order may
// not mix types. In particular 新增接入 and 新增网站 cannot go together: add
// the access first.
func CombineFilingTypes(types []FilingType) (FilingType, error) {
	if len(types) == 0 {
		return "", FieldErrorf("services", "至少需要填写一个网站或 App")
	}
	first := types[0]
	for i, t := range types[1:] {
		if t == first {
			continue
		}
		field := fmt.Sprintf("services[%d]", i+1)
		if (t == FilingNewAccess) != (first == FilingNewAccess) {
			return "", &Error{Code: ECONFLICT, Field: field, Message: field + ": 新增接入不能与新增网站在同一订单中办理，请先单独办理新增接入"}
		}
		return "", &Error{Code: ECONFLICT, Field: field, Message: fmt.Sprintf("%s: 同一订单不能同时办理%s和%s", field, first, t)}
	}
	return first, nil
}

// CheckChangeAlone refuses an order that mixes a change or cancellation with
// new services: change first, then add.
func CheckChangeAlone(ft FilingType, newServices int) error {
	if (ft.IsChange() || ft.IsCancel()) && newServices > 0 {
		return &Error{Code: ECONFLICT, Field: "services", Message: fmt.Sprintf("services: %s不能与新增网站同时办理，请先完成%s再新增", ft, ft)}
	}
	return nil
}
