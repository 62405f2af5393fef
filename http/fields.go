package http

import (
	"fmt"
)

// fieldView is what the "input-field" partial draws: a labelled input with
// its hint and its error.
type fieldView struct {
	Name, Label, Type, Value string
	MaxLength                int
	Autocomplete             string
	Hint                     string
	Error                    string
	Caps                     bool // autocapitalize="characters"
	QueryLink                bool // the "find your number" link under a licence
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
	return f, nil
}
