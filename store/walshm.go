package store

import (
	"os"
	"sync/atomic"
)

// walIndex reads the header of SQLite's WAL index, the -shm file beside the
// database that every connection of every process maps (format:
// https://www.sqlite.org/walformat.html). The header holds a change counter,
// the last valid frame and the WAL's salts, and a writer rewrites it at
// every commit, after its frames and before the commit returns. Readers take
// their snapshot from it, so while it reads the same no commit has become
// visible since. A writer writes its second copy, then (after a memory
// barrier) the first; like SQLite's own readers we read the first, then (a
// separate read, so after it) the second: if the first is new the second is
// too. A read whose copies differ, or that fails, is no answer and
// Generation reads the counter instead.
type walIndex struct {
	f     atomic.Pointer[os.File]
	last  atomic.Pointer[walSnapshot]
	reads atomic.Int64 // counter reads, for the tests
}

// walHeaderSize is the size of one copy of the WAL-index header.
const walHeaderSize = 48

type walSnapshot struct {
	hdr [walHeaderSize]byte
	gen uint64
}

func (x *walIndex) open(path string) {
	if f, err := os.Open(path); err == nil {
		x.f.Store(f)
	} // else no shortcut: every Generation reads the counter
}

func (x *walIndex) close() {
	if f := x.f.Swap(nil); f != nil {
		f.Close()
	}
}

// header returns the first copy of the header when both copies agree and
// the index is initialised.
func (x *walIndex) header() (hdr [walHeaderSize]byte, ok bool) {
	f := x.f.Load()
	if f == nil {
		return hdr, false
	}
	var second [walHeaderSize]byte
	if n, err := f.ReadAt(hdr[:], 0); n != walHeaderSize || err != nil {
		return hdr, false
	}
	if n, err := f.ReadAt(second[:], walHeaderSize); n != walHeaderSize || err != nil {
		return hdr, false
	}
	// isInit is byte 12 of a copy.
	return hdr, second == hdr && hdr[12] != 0
}
