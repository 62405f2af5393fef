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
	path  string
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
	x.path = path
	if f, err := os.Open(path); err == nil {
		x.f.Store(f)
	} // else no shortcut: every Generation reads the counter
}

// current reports whether f is still the file at the index's path. SQLite
// deletes the -shm file when the last connection of every process closes
// and makes a new one at the next open; the old file would then never
// change again, so it is let go (and the next call opens the new one).
func (x *walIndex) current(f *os.File) bool {
	at, err1 := os.Stat(x.path)
	held, err2 := f.Stat()
	if err1 == nil && err2 == nil && os.SameFile(at, held) {
		return true
	}
	if x.f.CompareAndSwap(f, nil) {
		f.Close()
		if nf, err := os.Open(x.path); err == nil {
			x.f.Store(nf)
		}
	}
	return false
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
	if f == nil || !x.current(f) {
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
