package notify

// ShellFound tells a principal that a filed service (空壳网站) or entity
// (空壳主体) has no access provider left, and by when a provider must serve
// it again before the bureau is asked to cancel it.
type ShellFound struct {
	What     string // 空壳网站 or 空壳主体
	Licence  string
	UnitName string
	Deadline string // YYYY-MM-DD
}

// ShellProvider tells a provider's reviewers that a filing it served has
// no access provider left: they may still serve it and help its holder
// file a new access before the bureau cancels it.
type ShellProvider struct {
	Provider string
	What     string // 空壳网站 or 空壳主体
	Licence  string
	UnitName string
	Deadline string // YYYY-MM-DD
}

// AccessLimited tells a principal that the bureau marked a service 限制接入
// (Limited) or lifted the mark.
type AccessLimited struct {
	Licence  string
	UnitName string
	Limited  bool
	Reason   string
}

// FilingCancelled tells a principal that the bureau cancelled a number on
// its own authority (a shell, after the notice period).
type FilingCancelled struct {
	Licence  string
	UnitName string
	Reason   string
}

func (ShellFound) template() string      { return "shell_found" }
func (ShellProvider) template() string   { return "shell_provider" }
func (AccessLimited) template() string   { return "access_limited" }
func (FilingCancelled) template() string { return "filing_cancelled" }
