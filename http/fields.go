package http

import (
	"fmt"
	"strings"
)

// fieldView is what the "input-field" partial draws: a labelled input with
// its hint and its error.
type fieldView struct {
	ID                       string // the element id; Name when not given
	Name, Label, Type, Value string
	MaxLength                int
	Autocomplete             string
	InputMode, Pattern       string
	Hint                     string
	Error                    string
	// Invalid marks the field at fault when its message is shown elsewhere,
	// above the form, in the element ErrorID names.
	Invalid   bool
	ErrorID   string
	Caps      bool // autocapitalize="characters"
	QueryLink bool // the "find your number" link under a licence
}

// DescribedBy is the field's aria-describedby: its hint, then its error.
func (f fieldView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	} else if f.Invalid && f.ErrorID != "" {
		ids = append(ids, f.ErrorID)
	}
	return strings.Join(ids, " ")
}

// newFieldView builds a fieldView from key-value pairs, as a template writes
// them: field "name" "licence" "label" "主体备案号" "max" 40 … An unknown key
// or a value of the wrong type is a template error, caught at render.
func newFieldView(kv ...any) (fieldView, error) {
	var f fieldView
	if len(kv)%2 != 0 {
		return f, fmt.Errorf("field: odd number of arguments")
	}
	for i := 0; i < len(kv); i += 2 {
		key, _ := kv[i].(string)
		var ok bool
		switch key {
		case "id":
			f.ID, ok = kv[i+1].(string)
		case "inputmode":
			f.InputMode, ok = kv[i+1].(string)
		case "pattern":
			f.Pattern, ok = kv[i+1].(string)
		case "invalid":
			f.Invalid, ok = kv[i+1].(bool)
		case "errorID":
			f.ErrorID, ok = kv[i+1].(string)
		case "name":
			f.Name, ok = kv[i+1].(string)
		case "label":
			f.Label, ok = kv[i+1].(string)
		case "type":
			f.Type, ok = kv[i+1].(string)
		case "value":
			f.Value, ok = kv[i+1].(string)
		case "max":
			f.MaxLength, ok = kv[i+1].(int)
		case "autocomplete":
			f.Autocomplete, ok = kv[i+1].(string)
		case "hint":
			f.Hint, ok = kv[i+1].(string)
		case "error":
			f.Error, ok = kv[i+1].(string)
		case "caps":
			f.Caps, ok = kv[i+1].(bool)
		case "queryLink":
			f.QueryLink, ok = kv[i+1].(bool)
		}
		if !ok {
			return f, fmt.Errorf("field: bad argument %v=%v", kv[i], kv[i+1])
		}
	}
	if f.ID == "" {
		f.ID = f.Name
	}
	return f, nil
}
