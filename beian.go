// Package beian holds the domain of an ICP filing (ICP备案) system: the
// national record of filed entities and their services, and the error codes
// every layer speaks. It imports neither net/http nor database/sql; the
// adapters around it (store, http, notify …) do.
package beian

import "time"

// Shanghai is the time zone every filing time is shown in.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// The binary embeds no tzdata by default; China has kept UTC+8 without
		// daylight saving since 1991, so a fixed zone is exact for our data.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()
